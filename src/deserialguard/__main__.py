from deserialguard.cli import main

raise SystemExit(main())
