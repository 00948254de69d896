using System.Runtime.InteropServices;

Console.WriteLine($"AotConsole sample: native AOT on {RuntimeInformation.OSDescription}, running as UID {Environment.GetEnvironmentVariable("APP_UID") ?? "?"}");
