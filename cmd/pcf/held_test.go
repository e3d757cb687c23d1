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
