from .codec import decode
from .transport import Receiver


def run(endpoint="tcp://dispatcher:5600"):
    rx = Receiver(endpoint)
    try:
        while True:
            fmt, body = rx.next_message()
            job = decode(body, fmt)
            job.execute()
    finally:
        rx.close()


if __name__ == "__main__":
    run()
