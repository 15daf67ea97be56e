using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Egide.Core.Configuration;
using MimeKit;
using Xunit;

namespace Egide.Testing;

/// <summary>
/// The real SMTP server that ./test.sh starts (aiosmtpd delivering to a Maildir). The Maildir is shared by
/// every test project running in parallel: a test sends to addresses of its own (<see cref="NewRecipient"/>)
/// and looks only for those, never at the number of all messages.
/// </summary>
public static class TestSmtp
{
    public const string Sender = "egide@egide-test.example";

    /// <summary>The recipients of each delivered file, read once.</summary>
    private static readonly ConcurrentDictionary<string, HashSet<string>> Recipients = new(StringComparer.Ordinal);

    /// <summary>Settings pointing at the test server (no TLS, no account); skipped when there is none, unless required.</summary>
    public static SmtpSettings Settings(string sender = Sender)
    {
        var (host, port) = Server();
        return new(host, port, SmtpSecurity.None, null, null, sender);
    }

    /// <summary>Settings pointing at a port on 127.0.0.1 where nothing listens: a mail server that is down.</summary>
    public static SmtpSettings Down(string sender = Sender) =>
        new("127.0.0.1", ClosedPort(), SmtpSecurity.None, null, null, sender);

    /// <summary>The settings as configuration keys, as the web app reads them.</summary>
    public static IReadOnlyDictionary<string, string?> Configuration(int outboxIntervalSeconds = 1)
    {
        var (host, port) = Server();
        return new Dictionary<string, string?>
        {
            ["Smtp:Host"] = host,
            ["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = nameof(SmtpSecurity.None),
            ["Smtp:Sender"] = Sender,
            ["Smtp:OutboxIntervalSeconds"] = outboxIntervalSeconds.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>An address no other test uses, so that what arrives for it is this test's alone.</summary>
    public static string NewRecipient(string name = "destinataire") => $"{name}.{Guid.NewGuid():N}@egide-test.example";

    /// <summary>The messages that have arrived for <paramref name="recipient"/> so far.</summary>
    public static IReadOnlyList<MimeMessage> Received(string recipient)
    {
        var maildir = Maildir();
        var found = new List<MimeMessage>();
        foreach (var folder in new[] { "new", "cur" })
        {
            var path = Path.Combine(maildir, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(path))
            {
                // Maildir delivers into tmp/ and renames into new/: a file here is complete and never changes,
                // so each is read once per process (the folder is shared by every test project).
                var recipients = Recipients.GetOrAdd(file, RecipientsOf);
                if (recipients.Contains(recipient))
                {
                    found.Add(MimeMessage.Load(file));
                }
            }
        }
        return found;
    }

    /// <summary>Waits (polling) until at least <paramref name="count"/> messages have arrived for the recipient, then returns them all.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string recipient, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var received = Received(recipient);
            if (received.Count >= count || DateTime.UtcNow >= deadline)
            {
                return received;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A loopback port that was free a moment ago and on which nothing listens.</summary>
    public static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static HashSet<string> RecipientsOf(string file)
    {
        using var stream = File.OpenRead(file);
        var headers = HeaderList.Load(stream);
        // aiosmtpd records the envelope recipients in X-RcptTo; the To header is what the sender wrote.
        var envelope = headers["X-RcptTo"]?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        var to = InternetAddressList.TryParse(headers[HeaderId.To] ?? "", out var list) ? list.Mailboxes.Select(m => m.Address) : [];
        return new HashSet<string>(envelope.Concat(to), StringComparer.OrdinalIgnoreCase);
    }

    private static (string Host, int Port) Server()
    {
        var host = Environment.GetEnvironmentVariable("EGIDE_TEST_SMTP_HOST");
        var port = Environment.GetEnvironmentVariable("EGIDE_TEST_SMTP_PORT");
        if (string.IsNullOrWhiteSpace(host) ||
            !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw Missing("EGIDE_TEST_SMTP_HOST and EGIDE_TEST_SMTP_PORT");
        }
        return (host, number);
    }

    private static string Maildir()
    {
        var maildir = Environment.GetEnvironmentVariable("EGIDE_TEST_MAILDIR");
        return string.IsNullOrWhiteSpace(maildir) ? throw Missing("EGIDE_TEST_MAILDIR") : maildir;
    }

    /// <summary>
    /// Like <see cref="TestDatabase.PostgresServer"/>: skips the test, unless the run requires the real servers
    /// (./test.sh and CI set EGIDE_TEST_REQUIRE_POSTGRES=1), where the error to throw is returned.
    /// </summary>
    private static InvalidOperationException Missing(string variables)
    {
        if (Environment.GetEnvironmentVariable("EGIDE_TEST_REQUIRE_POSTGRES") != "1")
        {
            Assert.Skip($"The SMTP server is not configured: run ./test.sh, or set {variables}.");
        }
        return new InvalidOperationException($"EGIDE_TEST_REQUIRE_POSTGRES=1 (a ./test.sh run) but {variables} is not set.");
    }
}
