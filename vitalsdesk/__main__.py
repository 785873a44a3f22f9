from vitalsdesk.cli import main

raise SystemExit(main())
