using System.Text;
using ModelServing.Batch.Input;
using ModelServing.Batch.Tests.TestSupport;

namespace ModelServing.Batch.Tests.Input;

public sealed class InputFormatTests
{
    [Fact]
    public void Crc32CMatchesTheCastagnoliCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        var long1 = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var bitwise = 0xFFFFFFFFu;
        foreach (var b in long1)
        {
            bitwise ^= b;
            for (var k = 0; k < 8; k++)
            {
                bitwise = (bitwise & 1) != 0 ? (bitwise >> 1) ^ 0x82F63B78u : bitwise >> 1;
            }
        }

        Assert.Equal(~bitwise, Crc32C.Compute(long1));
    }

    [Theory]
    [InlineData("1.5,\"a,b\",2", true, "3 cells")]
    [InlineData("1,\"say \"\"hi\"\"\",3", true, "3 cells")]
    [InlineData("1,\"open,2", false, "unterminated quoted string")]
    [InlineData("1,abc,2", false, "is not a number")]
    [InlineData("1,\"x\"y,2", false, "text after the closing quote")]
    [InlineData("1,NaN", false, "not a finite number")]
    public void CsvRowsParseOrSayWhyNot(string line, bool valid, string expected)
    {
        var ok = CsvRowParser.TryParse(Encoding.UTF8.GetBytes(line), out var cells, out var error);
        Assert.Equal(valid, ok);
        if (valid)
        {
            Assert.Equal(3, cells.Count);
        }
        else
        {
            Assert.Contains(expected, error);
        }
    }

    [Fact]
    public void GlobsExpandInOrderAndMissingInputsAreNamed()
    {
        using var scratch = new ScratchDirectory();
        Directory.CreateDirectory(scratch.Combine("sub"));
        scratch.File("b.jsonl", "1");
        scratch.File("a.jsonl", "1");
        scratch.File("sub/c.jsonl", "1");
        scratch.File("x.csv", "1");
        var files = InputFiles.Resolve([scratch.Combine("*.jsonl")]);
        Assert.Equal(["a.jsonl", "b.jsonl"], files.Select(Path.GetFileName));
        var deep = InputFiles.Resolve(["file://" + scratch.Combine("**/*.jsonl")]);
        Assert.Equal(3, deep.Count);
        var error = Assert.Throws<BatchJobException>(() => InputFiles.Resolve([scratch.Combine("*.parquet")]));
        Assert.Contains("No input file matches", error.Message);
    }

    [Fact]
    public void TfRecordReaderChecksBothCrcs()
    {
        using var scratch = new ScratchDirectory();
        var records = Enumerable.Range(0, 5).Select(i => Encoding.ASCII.GetBytes($"record-{i}")).ToList();
        var good = scratch.Combine("good.tfrecord");
        var badData = scratch.Combine("bad-data.tfrecord");
        var badLength = scratch.Combine("bad-length.tfrecord.gz");
        TfRecordFiles.Write(good, records);
        TfRecordFiles.Write(badData, records, corruptDataOf: 2);
        TfRecordFiles.Write(badLength, records, gzip: true, corruptLengthOf: 3);

        var read = new InputReader([good], BatchInputFormat.TfRecord).Read().ToList();
        Assert.Equal(records.Select(Encoding.ASCII.GetString), read.Select(r => Encoding.ASCII.GetString(r.Payload)));

        var withBadData = new InputReader([badData], BatchInputFormat.TfRecord).Read().ToList();
        Assert.Equal(5, withBadData.Count);
        Assert.Equal(InputRecordKind.Unreadable, withBadData[2].Kind);
        Assert.Contains("record 2 has corrupt data", withBadData[2].Error);
        Assert.Equal(InputRecordKind.Binary, withBadData[3].Kind);

        var withBadLength = new InputReader([badLength], BatchInputFormat.TfRecordGzip).Read().ToList();
        Assert.Equal(4, withBadLength.Count);
        Assert.Contains("record 3 has a corrupt length", withBadLength[3].Error);
    }
}
