using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Egide.Core.Configuration;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Egide.Core.Account;

/// <summary>
/// Encrypts each Data Protection key before it is stored, with AES-256-GCM (ANSSI's recommended authenticated mode)
/// under <see cref="EgideSettings.KeysEncryption"/>: a copy of the database alone no longer lets anyone forge a
/// session. The framework's certificate encryptor was not used: it wraps the key with RSA PKCS#1 v1.5.
/// </summary>
internal sealed class AesGcmXmlEncryptor(KeyEncryptionSecret secret) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(AesGcmKeyFormat.NonceLength);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[AesGcmKeyFormat.TagLength];
            using (var aes = new AesGcm(secret.Key, AesGcmKeyFormat.TagLength))
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag, AesGcmKeyFormat.AssociatedData);
            }
            var element = new XElement(AesGcmKeyFormat.ElementName,
                new XAttribute("algorithm", "AES-256-GCM"),
                new XAttribute("secret", secret.Id),
                new XElement("nonce", Convert.ToBase64String(nonce)),
                new XElement("ciphertext", Convert.ToBase64String(ciphertext)),
                new XElement("tag", Convert.ToBase64String(tag)));
            return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>Decrypts what <see cref="AesGcmXmlEncryptor"/> wrote; the framework creates it by name when it reads a key.</summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var secret = services.GetRequiredService<EgideSettings>().KeysEncryption
            ?? throw new CryptographicException(
                $"Cette clé de protection des données est chiffrée ({encryptedElement.Attribute("secret")?.Value}) et {EgideSettings.KeysEncryptionKey} n'est pas configurée.");
        var nonce = Convert.FromBase64String((string)encryptedElement.Element("nonce")!);
        var ciphertext = Convert.FromBase64String((string)encryptedElement.Element("ciphertext")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Element("tag")!);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using (var aes = new AesGcm(secret.Key, AesGcmKeyFormat.TagLength))
            {
                aes.Decrypt(nonce, ciphertext, tag, plaintext, AesGcmKeyFormat.AssociatedData);
            }
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

internal static class AesGcmKeyFormat
{
    public const string ElementName = "egideEncryptedKey";
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Binds the ciphertext to its use: a value encrypted under the same secret for anything else does not decrypt here.</summary>
    public static readonly byte[] AssociatedData = "Egide.DataProtectionKey.v1"u8.ToArray();
}
