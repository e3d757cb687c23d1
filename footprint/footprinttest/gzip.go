package footprinttest

import (
	"compress/gzip"
	"io"
	"os"
	"testing"
)

// ReadGzipFile returns the unpacked content of the gzipped file at path:
// the databases and documents of older versions that the tests keep under
// testdata compressed.
func ReadGzipFile(tb testing.TB, path string) []byte {
	tb.Helper()
	return Gunzip(tb, Open(tb, path))
}

// Open opens the file at path for reading, failing tb if it cannot; the
// file is closed when tb's test ends.
func Open(tb testing.TB, path string) *os.File {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// ReadFile returns the content of the file at path, failing tb if it
// cannot be read.
func ReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Gunzip returns the gzip stream r unpacked.
func Gunzip(tb testing.TB, r io.Reader) []byte {
	tb.Helper()
	zr, err := gzip.NewReader(r)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
