package main

import (
	"os"
	"os/exec"
	"testing"
)

// Ensure pcf builds for a system without flock (Windows): red team 66's
// heldByAnother called syscall.Flock in connect.go, which Windows's
// syscall package does not have, so that the command no longer built
// there (GOOS=windows go build ./cmd/pcf: undefined: syscall.Flock).
func TestBuild_SystemWithoutFlock(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pcf for windows")
	}
	build := exec.Command("go", "build", "-o", os.DevNull, ".")
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=windows go build: %v\n%s", err, out)
	}
}

// Ensure both ways of telling that a process holds the database file
// (flock, and bbolt's own lock where there is none) say so while a
// server has it open, and not once it has stopped: a command asks the
// recorded address only then (red team 66).
func TestHeldByAnother_WhileTheServerHoldsTheFile(t *testing.T) {
	m := MustRunMain(t)
	path := m.Config.DBPath
	if !heldByAnother(path) || !heldByBolt(path) {
		t.Fatalf("while pcf serve holds %s: heldByAnother %v, heldByBolt %v; want both true", path, heldByAnother(path), heldByBolt(path))
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if heldByAnother(path) || heldByBolt(path) {
		t.Fatalf("once pcf serve stopped: heldByAnother %v, heldByBolt %v; want both false", heldByAnother(path), heldByBolt(path))
	}
}
