from deserialguard.guard.cli import main

raise SystemExit(main())
