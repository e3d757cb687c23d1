package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Reviewer 50: pcf verify read, changed and wrote the record of known
// services with no lock, through writeFileAtomic's one temporary name
// (path + ".tmp"): two runs at once could each install the other's file
// half written (the record then reads as no record, and every later run
// only warns, the check off) or fail to rename, and the body the earlier
// writer recorded was lost (its next look-alike is a first use again).
// Ensure runs at once each record their body, and the file stays a record.
func TestReviewer50_KnownServicesConcurrentRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known.json")
	t.Setenv(knownServicesEnv, path)
	const runs = 24
	results := make([]knownServiceCheck, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			approval := fmt.Sprintf("CNCA-R-2026-%03d", i)
			results[i] = checkKnownService(bodyKeys(approval, fmt.Sprintf("认证中心%d", i), ""),
				knownBody{Approval: approval, Certificate: "CDPCF-2026-000001"}, fmt.Sprintf("https://pcf%d.example.cn", i))
		}()
	}
	wg.Wait()
	for i, k := range results {
		if k.err != nil || !k.added || k.other != nil {
			t.Errorf("run %d: %+v, want recorded", i, k)
		}
	}
	ks, err := readKnownServices(path)
	if err != nil {
		t.Fatalf("the record after %d runs at once: %v", runs, err)
	}
	for i := range runs {
		if b, ok := ks.Bodies[bodyKeys(fmt.Sprintf("CNCA-R-2026-%03d", i), "", "")[0]]; !ok || b.Service != fmt.Sprintf("https://pcf%d.example.cn", i) {
			t.Errorf("run %d's body: %+v, %v; want recorded for its service", i, b, ok)
		}
	}
}

// Ensure a lock file a run left behind (it ended before it let go) does
// not stop the next run, and a run that holds the lock makes another wait
// and then say the record is busy, in Chinese too.
func TestReviewer50_KnownServicesStaleLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "known.json")
	t.Setenv(knownServicesEnv, path)
	if err := os.WriteFile(path+".lock", nil, 0o600); err != nil { // left by a run that ended
		t.Fatal(err)
	}
	k := checkKnownService(bodyKeys("CNCA-R-2026-999", "示例认证中心", ""), knownBody{Approval: "CNCA-R-2026-999"}, "https://pcf.example.cn")
	if k.err != nil || !k.added {
		t.Fatalf("beside a lock file no run holds: %+v, want recorded", k)
	}
	unlock, err := lockKnownServices(path) // another run, holding it
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	wait := knownServicesLockWait
	knownServicesLockWait = 50 * time.Millisecond
	defer func() { knownServicesLockWait = wait }()
	k = checkKnownService(bodyKeys("CNCA-R-2026-998", "其他认证中心", ""), knownBody{Approval: "CNCA-R-2026-998"}, "https://pcf.example.cn")
	if !errors.Is(k.err, errKnownServicesBusy) || k.added {
		t.Fatalf("while another run holds the lock: %+v, want busy and nothing recorded", k)
	}
	if zh := knownServicesErrorZH(k.err); !strings.Contains(zh, "另一个 pcf verify") {
		t.Errorf("a busy record in Chinese: %q", zh)
	}
}
