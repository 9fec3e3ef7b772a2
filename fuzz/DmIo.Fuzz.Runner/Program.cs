using DmIo.Fuzz;
using SharpFuzz;

// dmio-fuzz TARGET                 under afl-fuzz: SharpFuzz's fork server runs TARGET on each input afl-fuzz writes
// dmio-fuzz TARGET --replay FILE…  without afl-fuzz: runs TARGET once per file and prints what each did
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine($"usage: dmio-fuzz TARGET [--replay FILE...]; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}

IFuzzTarget target;
try
{
    target = FuzzTargets.Get(args[0]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("error: " + e.Message.Split(" (Parameter")[0]);
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
{
    int failed = 0;
    foreach (string file in args[2..])
    {
        try
        {
            Console.WriteLine($"{file}: {target.Run(File.ReadAllBytes(file))}");
        }
        catch (InvariantViolation e)
        {
            failed++;
            Console.WriteLine($"{file}: {e.Message}");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"{file}: the harness itself failed: {e.GetType().Name}: {e.Message.Split('\n')[0]} at {InvariantViolation.ThrownAt(e)}");
        }
    }

    return failed == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    // Read at most the budget: afl-fuzz may hand over larger files, and the rest would be ignored anyway.
    var input = new MemoryStream();
    stream.CopyTo(input);
    target.Run(input.Length > Budget.MaxInputBytes ? input.ToArray()[..Budget.MaxInputBytes] : input.ToArray());
});
return 0;
