namespace ModelServing.Batch.Input;

/// <summary>CRC-32C (Castagnoli, reflected 0x82F63B78) and TFRecord's masking of it.</summary>
internal static class Crc32C
{
    private static readonly uint[] _table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        var table = _table;
        while (data.Length >= 8)
        {
            crc ^= (uint)(data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24);
            crc = table[(7 * 256) + (crc & 0xFF)] ^ table[(6 * 256) + ((crc >> 8) & 0xFF)]
                ^ table[(5 * 256) + ((crc >> 16) & 0xFF)] ^ table[(4 * 256) + (crc >> 24)]
                ^ table[(3 * 256) + data[4]] ^ table[(2 * 256) + data[5]]
                ^ table[256 + data[6]] ^ table[data[7]];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>TFRecord's masked CRC: rotated right by 15 bits plus 0xa282ead8.</summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = Compute(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }

            table[i] = crc;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var slice = 1; slice < 8; slice++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
