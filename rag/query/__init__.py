"""Reading the question against the record: its kind, council, visit, speaker and topic, read
once into a frozen `Intent` (`understand`) that search and answering both use."""
