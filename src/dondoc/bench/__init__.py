"""The national-scale benchmark (`make bench`): a seeded dataset generator, the measurements, a
raw-SQL baseline the statistics service is checked against, and the HTTP load run."""
