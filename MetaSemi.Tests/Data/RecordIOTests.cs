using System.Buffers.Binary;
using MetaSemi.Data;

namespace MetaSemi.Tests.Data;

public sealed class RecordIOTests
{
    private static byte[] Words(params uint[] words)
    {
        var bytes = new byte[4 * words.Length];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), words[i]);
        }

        return bytes;
    }

    [Fact]
    public void A_record_is_framed_byte_for_byte_as_dmlc_writes_it_including_the_magic_split()
    {
        const uint M = 0xced7230a;
        byte[] data = [.. Words(0x04030201, M), 5, 6];
        using var ms = new MemoryStream();

        long written = RecordIOFormat.WriteRecord(ms, data);

        // Part 1: flag 1, 4 bytes; part 2: flag 3, 2 bytes + 2 bytes of padding. The magic itself is dropped.
        byte[] expected = [.. Words(M, (1u << 29) | 4, 0x04030201, M, (3u << 29) | 2), 5, 6, 0, 0];
        Assert.Equal(expected, ms.ToArray());
        Assert.Equal(expected.Length, written);

        ms.Position = 0;
        Assert.Equal(data, RecordIOFormat.ReadRecord(ms, ms.Length, "mem"));
        Assert.Null(RecordIOFormat.ReadRecord(ms, ms.Length, "mem"));
    }

    [Fact]
    public void IRHeader_is_flag_label_id_id2_and_multi_label_records_put_labels_after_it()
    {
        var single = new ImageRecord([7f], 42, 3, new byte[] { 0xff, 0xd8 }).Pack();
        Assert.Equal(26, single.Length);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(single));
        Assert.Equal(7f, BinaryPrimitives.ReadSingleLittleEndian(single.AsSpan(4)));
        Assert.Equal(42ul, BinaryPrimitives.ReadUInt64LittleEndian(single.AsSpan(8)));
        Assert.Equal(3ul, BinaryPrimitives.ReadUInt64LittleEndian(single.AsSpan(16)));
        Assert.Equal([0xff, 0xd8], single[24..]);

        var multi = new ImageRecord([1f, 2.5f, 3f], 9, 0, new byte[] { 1 });
        var packed = multi.Pack();
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(packed));
        Assert.Equal(2.5f, BinaryPrimitives.ReadSingleLittleEndian(packed.AsSpan(28)));
        var back = ImageRecord.Unpack(packed, "mem", 0);
        Assert.Equal([1f, 2.5f, 3f], back.Labels);
        Assert.Equal([1], back.Image.ToArray());
        Assert.Equal(9ul, back.Id);
    }

    [Fact]
    public void Indexed_pack_of_many_records_reads_back_by_key_and_in_order()
    {
        using var dir = new TempFolder();
        var random = new Random(2);
        var images = Enumerable.Range(0, 12).Select(i =>
        {
            var b = new byte[random.Next(1, 300)];
            random.NextBytes(b);
            if (b.Length >= 8 && i % 3 == 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), RecordIOFormat.Magic); // exercise the split on real records
            }

            return b;
        }).ToArray();
        using (var writer = new RecordIOWriter(dir.File("p.rec"), dir.File("p.idx")))
        {
            for (int i = 0; i < images.Length; i++)
            {
                writer.Write((ulong)(100 + i), new ImageRecord([i % 4], (ulong)i, 0, images[i]));
            }
        }

        using var reader = new RecordIOReader(dir.File("p.rec"), dir.File("p.idx"));
        Assert.Equal(Enumerable.Range(100, 12).Select(k => (ulong)k), reader.Keys);
        for (int i = images.Length - 1; i >= 0; i--)
        {
            var r = reader.Read((ulong)(100 + i));
            Assert.Equal(images[i], r.Image.ToArray());
            Assert.Equal(i % 4, r.Labels.Single());
        }

        Assert.Equal(images, reader.ReadAll().Select(r => r.Image.ToArray()));
        Assert.Throws<KeyNotFoundException>(() => reader.Read(5));
        Assert.Equal(0, new FileInfo(dir.File("p.rec")).Length % 4);
    }

    [Fact]
    public void Im2Rec_lists_a_class_folder_tree_and_packs_it_with_lst_rec_and_idx()
    {
        using var dir = new TempFolder();
        dir.Write("imgs/dog/b.jpg", [1, 2, 3]);
        dir.Write("imgs/dog/a.png", [4]);
        dir.Write("imgs/cat/z.JPEG", [5, 6]);
        dir.Write("imgs/cat/notes.txt", [7]);

        Im2Rec.PackFolder(dir.File("imgs"), dir.File("out/train"));

        Assert.Equal(["0\t0.000000\tcat/z.JPEG", "1\t1.000000\tdog/a.png", "2\t1.000000\tdog/b.jpg"], File.ReadAllLines(dir.File("out/train.lst")));
        using var reader = new RecordIOReader(dir.File("out/train.rec"), dir.File("out/train.idx"));
        var records = reader.Keys.Select(reader.Read).ToArray();
        Assert.Equal([0f, 1f, 1f], records.Select(r => r.Labels.Single()));
        Assert.Equal([0ul, 1, 2], records.Select(r => r.Id));
        Assert.Equal([1, 2, 3], records[2].Image.ToArray());
    }

    [Fact]
    public void Corrupt_packs_raise_DataFormatException_naming_file_and_offset()
    {
        using var dir = new TempFolder();
        using (var writer = new RecordIOWriter(dir.File("p.rec"), dir.File("p.idx")))
        {
            writer.Write(0, new ImageRecord([1f], 0, 0, new byte[40]));
            writer.Write(1, new ImageRecord([2f], 1, 0, new byte[40]));
        }

        var rec = File.ReadAllBytes(dir.File("p.rec"));
        var badMagic = (byte[])rec.Clone();
        badMagic[72] ^= 1;
        string p1 = dir.Write("m.rec", badMagic);
        using (var r1 = new RecordIOReader(p1, dir.File("p.idx")))
        {
            var e = Assert.Throws<DataFormatException>(() => r1.Read(1));
            Assert.Contains($"{p1}: at byte 72: bad RecordIO magic", e.Message, StringComparison.Ordinal);
        }

        var lying = (byte[])rec.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(lying.AsSpan(4), 100_000);
        string p2 = dir.Write("l.rec", lying);
        using (var r2 = new RecordIOReader(p2))
        {
            var e = Assert.Throws<DataFormatException>(() => r2.ReadAll().ToList());
            Assert.Contains("bytes remain in the file", e.Message, StringComparison.Ordinal);
        }

        string idx = dir.Write("bad.idx", "0\t0\n1\t9999\n"u8.ToArray());
        Assert.Throws<DataFormatException>(() => new RecordIOReader(dir.File("p.rec"), idx));

        string shortHeader = dir.Write("s.rec", Words(RecordIOFormat.Magic, 8, 0, 0));
        using var r3 = new RecordIOReader(shortHeader);
        Assert.Throws<DataFormatException>(() => r3.ReadAll().ToList());
    }
}
