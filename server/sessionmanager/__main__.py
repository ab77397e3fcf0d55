import sys

from sessionmanager.cli import main

sys.exit(main())
