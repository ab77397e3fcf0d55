"""Background threads that run a task on a timer: session sweeps, store probes."""

import logging
import threading
from collections.abc import Callable

logger = logging.getLogger(__name__)


class Periodic:
    """Calls ``task`` every ``interval_secs`` in a daemon thread until stopped.

    A failing task is logged and the next run happens as planned.
    """

    def __init__(
        self, task: Callable[[], object], interval_secs: float, name: str
    ) -> None:
        if interval_secs <= 0:
            raise ValueError("the interval must be positive")
        self._task = task
        self._interval_secs = interval_secs
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop, and wait for a run under way to finish."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stopping.wait(self._interval_secs):
            try:
                self._task()
            except Exception:
                logger.exception("%s failed", self._thread.name)


def sweeper(cleanup: Callable[[], int], interval_secs: float) -> Periodic:
    """A Periodic that runs ``cleanup`` and logs how many sessions it removed."""

    def sweep() -> None:
        removed = cleanup()
        if removed:
            logger.info("swept %d idle sessions", removed)

    return Periodic(sweep, interval_secs, "session sweep")
