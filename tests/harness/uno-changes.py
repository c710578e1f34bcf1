"""Accepts or rejects every tracked change in Word files through LibreOffice's
UNO API and writes the resulting text, as a user's Accept All / Reject All
would leave it.

    python3 uno-changes.py PROFILE_DIR accept|reject IN.docx OUT.txt [IN OUT ...]

Starts its own headless soffice with a private profile (so it never touches a
running LibreOffice) on a pipe, and stops it at the end."""
import os
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise SystemExit("soffice did not start within 60 s")


def load(desktop, source):
    # A fresh profile is still being set up when the first load comes in;
    # LibreOffice then answers None (or drops the call): try again.
    url = uno.systemPathToFileUrl(os.path.abspath(source))
    for attempt in range(5):
        try:
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            if doc is not None:
                return doc
        except Exception:
            if attempt == 4:
                raise
        time.sleep(1)
    raise SystemExit(f"LibreOffice could not open {source}")


def main():
    profile, action, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    pipe = f"rt{uuid.uuid4().hex}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            f"-env:UserInstallation=file://{os.path.abspath(profile)}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = connect(pipe)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        command = ".uno:AcceptAllTrackedChanges" if action == "accept" else ".uno:RejectAllTrackedChanges"
        for source, target in zip(files[0::2], files[1::2]):
            doc = load(desktop, source)
            dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
            doc.storeToURL(
                uno.systemPathToFileUrl(os.path.abspath(target)),
                (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")),
            )
            doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


main()
