using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Augur.Data;

namespace Augur.Serialization;

/// <summary>A content hash of a data set, with its shape: two frames with the same values have the same fingerprint.</summary>
/// <param name="Sha256">Hex SHA-256 over the column names, types and values.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
public sealed record DataFingerprint(string Sha256, int Rows, int Columns)
{
    /// <summary>Computes the fingerprint of <paramref name="frame"/> (and of <paramref name="target"/>, when given).</summary>
    public static DataFingerprint Compute(Frame frame, Column? target = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[8];
        var columns = target is null ? frame.Columns : frame.Columns.Append(target).ToList();
        foreach (var c in columns)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(c.Name));
            hash.AppendData(Encoding.UTF8.GetBytes(c.Type.ToName()));
            for (var i = 0; i < c.Length; i++)
            {
                if (c.IsMissing(i))
                {
                    hash.AppendData([0xFF]);
                    continue;
                }
                if (c.IsNumeric)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer, c.GetDouble(i));
                    hash.AppendData(buffer);
                }
                else
                {
                    var s = c.Format(i);
                    hash.AppendData(Encoding.UTF8.GetBytes(s));
                    hash.AppendData([0]);
                }
            }
        }
        return new DataFingerprint(Convert.ToHexStringLower(hash.GetHashAndReset()), frame.RowCount, columns.Count);
    }
}
