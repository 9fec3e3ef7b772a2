namespace DmIo.FaultInjection;

/// <summary>
/// flakey's <c>corrupt_bio_byte &lt;Nth_byte&gt; &lt;direction&gt; &lt;value&gt; &lt;flags&gt;</c> feature: during the
/// down interval, byte <see cref="NthByte"/> (counting from 1) of each matching bio's data becomes <see cref="Value"/>.
/// </summary>
/// <param name="NthByte">The byte to replace, counting from 1; a bio shorter than that is left alone.</param>
/// <param name="Direction">Reads or writes.</param>
/// <param name="Value">The byte written in its place.</param>
/// <param name="Flags">A mask in the kernel's <c>bi_opf</c> layout (see <see cref="KernelOpf"/>); only bios with all these bits set are corrupted; 0 matches every bio.</param>
public sealed record FlakeyCorruptBioByte(uint NthByte, FlakeyDirection Direction, byte Value, uint Flags);
