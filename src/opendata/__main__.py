from opendata.cli import main

if __name__ == "__main__":  # a worker process (spawn) imports this module again
    main()
