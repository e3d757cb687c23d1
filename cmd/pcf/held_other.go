//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package main

// heldByAnother cannot tell here (no flock: Windows, Solaris, …): false,
// so that connect asks the recorded address only once opening the file
// found it held (errDBInUse), never that of a server gone.
func heldByAnother(path string) bool { return false }
