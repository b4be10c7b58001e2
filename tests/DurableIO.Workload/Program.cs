using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DurableIO;

// Usage: DurableIO.Workload [--throw-on-unsupported] <operation> <args...>
// Prints "OK" (exit 0) or "EXCEPTION <type>|<message>" (exit 1). Nothing else touches the file system first,
// so the first P/Invoke into libc made by the library is the one under test.
int i = 0;
if (args.Length > 0 && args[0] == "--throw-on-unsupported")
{
    AppContext.SetSwitch(DurableDirectory.ThrowOnUnsupportedSyncSwitchName, true);
    i++;
}

string op = args[i];
string Arg(int n) => args[i + n];
try
{
    switch (op)
    {
        case "write-text": DurableFile.WriteAllText(Arg(1), Arg(2)); break;
        case "write-text-async": await DurableFile.WriteAllTextAsync(Arg(1), Arg(2)); break;
        case "write-bytes": DurableFile.WriteAllBytes(Arg(1), Encoding.UTF8.GetBytes(Arg(2))); break;
        case "append-text": DurableFile.AppendAllText(Arg(1), Arg(2)); break;
        case "move": DurableFile.Move(Arg(1), Arg(2), overwrite: args.Length > i + 3 && Arg(3) == "overwrite"); break;
        case "replace": DurableFile.Replace(Arg(1), Arg(2), args.Length > i + 3 ? Arg(3) : null); break;
        case "copy": DurableFile.Copy(Arg(1), Arg(2), overwrite: true); break;
        case "delete": DurableFile.Delete(Arg(1)); break;
        case "sync-file": DurableFile.Sync(Arg(1)); break;
        case "sync-dir": DurableDirectory.Sync(Arg(1)); break;
        case "create-dir": DurableDirectory.CreateDirectory(Arg(1)); break;
        case "flush-stream":
            using (var stream = new FileStream(Arg(1), FileMode.Create, FileAccess.Write))
            {
                stream.Write(Encoding.UTF8.GetBytes(Arg(2)));
                stream.FlushToDisk();
            }

            break;
        case "flush-writer":
            using (var writer = new StreamWriter(Arg(1)))
            {
                writer.Write(Arg(2));
                writer.FlushToDisk();
            }

            break;
        case "flush-binary":
            using (var writer = new BinaryWriter(new BufferedStream(new FileStream(Arg(1), FileMode.Create, FileAccess.Write))))
            {
                writer.Write(Encoding.UTF8.GetBytes(Arg(2)));
                writer.FlushToDisk();
            }

            break;
        case "library-target":
            Console.Write(typeof(DurableFile).Assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false)
                .Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName + " ");
            break;
        default: throw new ArgumentException($"unknown operation '{op}'");
    }

    Console.WriteLine("OK");
    return 0;
}
catch (Exception e)
{
    Console.WriteLine($"EXCEPTION {e.GetType().FullName}|{e.Message}");
    return 1;
}
