using System.Text;

namespace Orchestrator.Notifications;

/// <summary><c>--notify-url</c>: every notification POSTed as JSON; anything but a 2xx answer is a failed delivery.</summary>
public sealed class WebhookSink(Uri url, HttpClient http) : INotificationSink
{
    public bool Wants(Notification notification) => true;

    public async Task SendAsync(Notification notification, CancellationToken cancellation)
    {
        using var content = new StringContent(notification.ToJson(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(url, content, cancellation);
        response.EnsureSuccessStatusCode();
    }
}
