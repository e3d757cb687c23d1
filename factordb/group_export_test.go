package factordb

import bolt "go.etcd.io/bbolt"

// Write is db.write, for tests of the group commit.
func Write(db *DB, fn func(*bolt.Tx) error) error { return db.write(fn) }

// BeforeWrites is beforeWrites.
func BeforeWrites(err error) error { return beforeWrites(err) }

// Read runs fn in a read transaction.
func Read(db *DB, fn func(*bolt.Tx) error) error { return db.db.View(fn) }
