"""An email backend that fails a set number of times, then delivers to locmem."""

from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    """Raises ``ConnectionRefusedError`` while ``failures_left`` is above zero."""

    failures_left = 0

    def send_messages(self, messages):  # noqa: D102
        if FlakyEmailBackend.failures_left > 0:
            FlakyEmailBackend.failures_left -= 1
            raise ConnectionRefusedError("SMTP server refused the connection")
        return super().send_messages(messages)
