"""A Python multiprocessing.connection peer for mproc's wire-compatibility tests.

usage: wire_peer.py client|listener unix|tcp ADDRESS AUTHKEY_HEX
  client:   connects to ADDRESS, sends b"hello from python", echoes one message back reversed, closes.
  listener: listens on ADDRESS, prints "ready" (and the port for tcp port 0), accepts one client,
            receives one message, sends it back reversed, closes.
"""
import sys
from multiprocessing.connection import Client, Listener


def address_of(family, text):
    if family == "unix":
        return text, "AF_UNIX"
    host, port = text.rsplit(":", 1)
    return (host, int(port)), "AF_INET"


def main():
    role, family, text, key_hex = sys.argv[1:5]
    address, family_name = address_of(family, text)
    authkey = bytes.fromhex(key_hex)
    if role == "client":
        with Client(address, family=family_name, authkey=authkey) as conn:
            conn.send_bytes(b"hello from python")
            conn.send_bytes(conn.recv_bytes()[::-1])
    else:
        with Listener(address, family=family_name, authkey=authkey) as listener:
            port = listener.address[1] if family == "tcp" else 0
            print("ready", port, flush=True)
            with listener.accept() as conn:
                conn.send_bytes(conn.recv_bytes()[::-1])


if __name__ == "__main__":
    main()
