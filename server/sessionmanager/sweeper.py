"""A background thread that removes idle sessions on a timer."""

import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)


class Sweeper:
    """Calls ``cleanup`` every ``interval_secs`` until stopped.

    ``cleanup`` returns how many sessions it removed; a failure is logged and
    the next sweep runs as planned.
    """

    def __init__(self, cleanup: Callable[[], int], interval_secs: float) -> None:
        if interval_secs <= 0:
            raise ValueError("the sweep interval must be positive")
        self._cleanup = cleanup
        self._interval_secs = interval_secs
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="session-sweeper", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop sweeping and wait for a sweep under way to finish."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stopping.wait(self._interval_secs):
            try:
                removed = self._cleanup()
            except Exception:
                logger.exception("session sweep failed")
                continue
            if removed:
                logger.info("swept %d idle sessions", removed)
