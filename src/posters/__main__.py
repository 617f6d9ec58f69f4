from posters.cli import main

raise SystemExit(main())
