#!/usr/bin/env python3
"""Runs a command and reports what the robustness tests assert on.

    measure.py OUTPUT_FILE COMMAND...

Writes the command's stdout and stderr to OUTPUT_FILE and prints one line
"EXIT_CODE MILLISECONDS MAX_RSS_KIB" (a signal shows as a negative exit code).
"""
import resource
import subprocess
import sys
import time

with open(sys.argv[1], "wb") as out:
    start = time.monotonic()
    code = subprocess.call(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT)
    elapsed_ms = int((time.monotonic() - start) * 1000)
print(code, elapsed_ms, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
