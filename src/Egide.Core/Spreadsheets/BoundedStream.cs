namespace Egide.Core.Spreadsheets;

/// <summary>
/// How many uncompressed bytes a reader may still inflate. One budget shared by every part of a workbook keeps
/// the total within the limit, not each part alone.
/// </summary>
internal sealed class InflateBudget(long limit)
{
    private long _used;

    public void Take(int bytes)
    {
        _used += bytes;
        if (_used > limit)
        {
            throw new SpreadsheetException(
                $"Ce fichier se décompresse en plus de {limit / (1024 * 1024):N0} Mo : il est refusé (fichier trop gros ou piégé).");
        }
    }
}

/// <summary>Reads at most a given number of bytes, then refuses: what keeps a zip bomb from filling memory or disk.</summary>
internal sealed class BoundedStream(Stream inner, InflateBudget budget) : Stream
{
    private long _read;

    public BoundedStream(Stream inner, long limit)
        : this(inner, new InflateBudget(limit))
    {
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _read += read;
        budget.Take(read);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
