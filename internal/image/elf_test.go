package image

import (
	"runtime"
	"slices"
	"strings"
	"testing"
)

// A CGO_ENABLED=0 build has no PT_INTERP and no DT_NEEDED; the system's
// /bin/true (dynamically linked on Debian) has both.
func TestReadELF(t *testing.T) {
	static, err := readELF(mustRead(t, fixture.binary))
	if err != nil {
		t.Fatal(err)
	}
	if !static.Static() || static.Arch != runtime.GOARCH {
		t.Errorf("hello: %+v, want static %s", static, runtime.GOARCH)
	}
	dynamic, err := readELF(mustRead(t, "/bin/true"))
	if err != nil {
		t.Fatal(err)
	}
	if dynamic.Static() || !strings.Contains(dynamic.Interp, "ld-linux") || !slices.Contains(dynamic.Needed, "libc.so.6") {
		t.Errorf("/bin/true: %+v, want a loader and libc", dynamic)
	}
	if _, err := readELF([]byte("\x7fELF but not really")); err == nil {
		t.Error("a truncated ELF header parsed")
	}
}
