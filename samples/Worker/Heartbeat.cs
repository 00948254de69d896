using System.Globalization;

namespace Worker;

/// <summary>Logs the time in Berlin every few seconds: culture and time zone data must be in the image.</summary>
internal sealed partial class Heartbeat(ILogger<Heartbeat> logger) : BackgroundService
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeZoneInfo berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTime now = TimeZoneInfo.ConvertTime(DateTime.UtcNow, berlin);
            LogBeat(now.ToString("F", German));
            await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat, Berlin time {Time}")]
    private partial void LogBeat(string time);
}
