// A user's program with one durability bug per DurableIO rule. Each line a rule reports carries a
// /* DURxxx */ marker; the package tests assert that the build reports exactly there.
using System.Text;

var folder = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("durableio-consumer-").FullName;
var settings = Path.Combine(folder, "settings.json");
var journal = Path.Combine(folder, "journal.log");
var report = Path.Combine(folder, "report.txt");

Bugs.SaveSettings(settings, "{\"version\":1}");
Bugs.ReplaceAfterFlush(settings, Encoding.UTF8.GetBytes("{\"version\":2}"));
Bugs.LogLines(journal, new[] { "first", "second", "third" });
Bugs.WriteReport(report, "all good");
Bugs.AppendJournal(journal, "fourth");
Bugs.CreateMarker(Path.Combine(folder, "ready.marker"));
Bugs.SaveQuietly(report, Encoding.UTF8.GetBytes("still good"));
Bugs.SaveViaTemp(Path.Combine(folder, "cache-free.txt"), "via temp");
Bugs.ReplaceByDelete(settings, "{\"version\":3}");
Bugs.SyncExisting(settings);
Bugs.SaveAndTell(report, Encoding.UTF8.GetBytes("told"));
Console.WriteLine("done: " + File.ReadAllText(settings));

static class Bugs
{
    public static void SaveSettings(string path, string json)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true); /* DUR001, DUR002 */
    }

    public static void ReplaceAfterFlush(string path, byte[] data)
    {
        var temporary = path + ".new";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            stream.Write(data, 0, data.Length);
            stream.Flush(true);
        }

        File.Replace(temporary, path, null); /* DUR002 */
    }

    public static void LogLines(string path, string[] lines)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(true); /* DUR003 */
        }
    }

    public static void WriteReport(string path, string text)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write); /* DUR007 */
        using var writer = new StreamWriter(stream);
        writer.Write(text);
        stream.Flush(true); /* DUR004 */
    }

    public static void AppendJournal(string path, string entry)
    {
        using var writer = new StreamWriter(path, append: true);
        writer.WriteLine(entry); /* DUR006 */
        writer.Flush(); /* DUR005 */
    }

    public static void CreateMarker(string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write); /* DUR007 */
        stream.WriteByte(1);
        stream.Flush(true);
    }

    public static void SaveQuietly(string path, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Write(data, 0, data.Length);
        try
        {
            stream.Flush(true); /* DUR008, DUR014 */
        }
        catch (IOException)
        {
        }
    }

    public static void SaveViaTemp(string path, string text)
    {
        var temporary = Path.GetTempFileName();
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, true); /* DUR009 */
    }

    public static void ReplaceByDelete(string path, string text)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(true);
        }

        if (File.Exists(path))
        {
            File.Delete(path); /* DUR010 */
        }

        File.Move(temporary, path);
    }

    public static void SyncDirectoryOf(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        using var handle = new FileStream(directory, FileMode.Open, FileAccess.Read); /* DUR012 */
        handle.Flush(true);
    }

    public static void SyncExisting(string path)
    {
        using var stream = File.OpenRead(path);
        stream.Flush(true); /* DUR013 */
    }

    public static void SaveAndTell(string path, byte[] data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write); /* DUR007 */
        stream.Write(data, 0, data.Length);
        stream.Flush(true); /* DUR014 */
        Console.WriteLine("saved to disk: " + path);
    }
}
