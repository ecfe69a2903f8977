from asn_desktop.cli import main

raise SystemExit(main())
