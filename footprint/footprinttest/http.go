package footprinttest

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// Do sends req with client and returns the response's status, header and
// body, failing tb if the request or the reading of the body fails.
func Do(tb testing.TB, client *http.Client, req *http.Request) (int, http.Header, []byte) {
	tb.Helper()
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// JSONWith returns the JSON object obj ("" for {}) with member key set to
// value, failing tb if obj is not an object.
func JSONWith(tb testing.TB, obj, key string, value any) []byte {
	tb.Helper()
	fields := map[string]any{}
	if obj != "" {
		if err := json.Unmarshal([]byte(obj), &fields); err != nil {
			tb.Fatal(err)
		}
	}
	fields[key] = value
	b, err := json.Marshal(fields)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
