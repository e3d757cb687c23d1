//go:build !unix

package footprinttest

import "time"

// ProcessCPU returns 0: the platform does not tell the process CPU time.
func ProcessCPU() time.Duration { return 0 }
