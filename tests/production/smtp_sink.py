"""An SMTP server for the production-shape tests: it keeps every message it accepted.

Each message is held `delay` seconds after its data arrived before the server answers
250, as a slow mail server (or its content filter) does, so a batch of mails takes time
and a worker can be killed in the middle of one. A message counts as delivered when the
server answers 250; one whose sender vanished before that answer is kept apart in
`cut_off` (aiosmtpd cancels the handler when the connection drops). A real server that
had already queued such a message would deliver it, and the portal, which never heard
the 250, would mail it again: `cut_off` counts those cases.
"""

import asyncio
import email
import email.policy
import threading
import time
from collections import Counter
from dataclasses import dataclass

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    recipients: tuple[str, ...]
    subject: str
    body: str


class Sink:
    def __init__(self, *, delay: float = 0.0):
        self.delay = delay
        self.accepted: list[Received] = []
        self.cut_off: list[Received] = []
        # Messages waiting for the server's answer, with when their data arrived.
        self.in_flight: list[tuple[Received, float]] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    def start(self, port: int) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=port)
        self._controller.start()

    def clear(self) -> None:
        """Forget the messages delivered and cut off, and answer at once again."""
        with self._lock:
            self.accepted.clear()
            self.cut_off.clear()
        self.delay = 0.0

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        received = Received(
            recipients=tuple(address.lower() for address in envelope.rcpt_tos),
            subject=str(message["Subject"] or ""),
            body=body.get_content() if body is not None else "",
        )
        entry = (received, time.monotonic())
        with self._lock:
            self.in_flight.append(entry)
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            with self._lock:
                self.in_flight.remove(entry)
                self.cut_off.append(received)
            raise
        with self._lock:
            self.in_flight.remove(entry)
            self.accepted.append(received)
        return "250 Message accepted for delivery"

    def _count(self, messages: list[Received], prefix: str) -> Counter:
        with self._lock:
            return Counter(
                address
                for message in messages
                for address in message.recipients
                if address.startswith(prefix)
            )

    def delivered(self, prefix: str) -> Counter:
        """How many messages each address starting with `prefix` received."""
        return self._count(self.accepted, prefix)

    def cut_off_for(self, prefix: str) -> Counter:
        return self._count(self.cut_off, prefix)

    def just_started_to(self, prefix: str, *, within: float) -> bool:
        """Whether a message to such an address arrived less than `within` seconds ago and
        waits for the server's answer: its sender is in the middle of sending it."""
        now = time.monotonic()
        with self._lock:
            return any(
                now - since < within and address.startswith(prefix)
                for message, since in self.in_flight
                for address in message.recipients
            )

    def messages_to(self, address: str) -> list[Received]:
        with self._lock:
            return [m for m in self.accepted if address.lower() in m.recipients]
