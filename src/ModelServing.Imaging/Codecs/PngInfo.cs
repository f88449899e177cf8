using ModelServing.Imaging.Native;

namespace ModelServing.Imaging.Codecs;

/// <summary>What <see cref="PngCodec.Decode"/> needs from the header: IHDR and whether (and which gray) tRNS is there.</summary>
internal readonly record struct PngInfo(LibSpng.Ihdr Ihdr, bool HasTrns, ushort TrnsGray);
