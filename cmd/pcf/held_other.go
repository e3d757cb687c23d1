//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package main

// heldByAnother reports whether a process holds the database file at
// path, where there is no flock (Windows): heldByBolt.
func heldByAnother(path string) bool { return heldByBolt(path) }
