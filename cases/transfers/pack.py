"""The encrypted pack for a receiver with no account: the file as an AES-256
encrypted ZIP (pyzipper), as secure export makes it (requests/services/answers.py).
The password goes by another route; the receipt link is inside the pack."""

import io

import pyzipper
from django.conf import settings
from django.template.loader import render_to_string

from .models import Transfer


def build(transfer: Transfer, *, password: str, receipt_path: str) -> bytes:
    """The pack's bytes. No file name inside carries personal data; people
    whose identity is protected were masked when the file was copied."""
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        text = render_to_string(
            "cases/transfers/pack.txt",
            {
                "transfer": transfer,
                "items": list(transfer.items.all()),
                "receipt_url": getattr(settings, "REGISTER_BASE_URL", "") + receipt_path,
            },
        )
        archive.writestr("child-protection-file.txt", text)
        for item in transfer.items.filter(kind="document").exclude(file=""):
            with item.file.open("rb") as handle:
                archive.writestr(item.download_name, handle.read())
    return buffer.getvalue()
