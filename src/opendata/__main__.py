from opendata.cli import main

main()
