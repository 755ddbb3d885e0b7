"""A loopback SMTP server for kpiwatch tests: saves every message it accepts.

Usage: /usr/bin/python3 smtp_sink.py PORT DIR

Each accepted message becomes DIR/<ns>.eml (the data as received) and DIR/<ns>.envelope
(MAIL FROM on the first line, one RCPT TO per following line), written to a temporary
name and renamed, so a reader never sees half a message. Runs until SIGTERM.
"""
import asyncio
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP


class SaveHandler:
    def __init__(self, directory):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        name = str(time.time_ns())
        self._write(name + ".envelope",
                    "\n".join([envelope.mail_from] + list(envelope.rcpt_tos)).encode("utf-8"))
        self._write(name + ".eml", envelope.original_content or envelope.content)
        return "250 OK message saved"

    def _write(self, name, data):
        temporary = os.path.join(self.directory, "." + name + ".tmp")
        with open(temporary, "wb") as out:
            out.write(data)
        os.rename(temporary, os.path.join(self.directory, name))


def main():
    port = int(sys.argv[1])
    directory = sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = SaveHandler(directory)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, hostname="kpiwatch-test-sink"), "127.0.0.1", port))
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()
