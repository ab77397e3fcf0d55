"""The clock the core reads, injectable so that tests never sleep."""

import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Returns the current Unix time in seconds."""

system_clock: Clock = time.time
