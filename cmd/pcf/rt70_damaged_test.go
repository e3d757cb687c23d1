package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Ensure pcf serve --base-url starts on a file with a certificate record
// that does not read: the start's warning of certificates signing another
// verify base (red team 70) reads every certificate, and its failure
// stopped the service, which starts without --base-url, serving the rest.
// The failure is logged instead.
func TestRedteam70_ServeStartsWhenACertificateDoesNotRead(t *testing.T) {
	path, _ := mustSignedDemoFile(t)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("certificates"))
		k, _ := b.Cursor().First()
		return b.Put(k, []byte(`{"v":1,`))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	var out, log bytes.Buffer
	m := NewMain(&out, &log)
	m.Config.DBPath, m.Config.Addr, m.Config.BaseURL = path, "127.0.0.1:0", "https://pcf.example.cn"
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v, want the service started", err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "verify base") {
		t.Errorf("log %q, want the failed warning named", log.String())
	}
}
