package build

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	vcs := &debug.BuildInfo{GoVersion: "go1.99.1", Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"}}}
	devel := &debug.BuildInfo{GoVersion: "go1.99.1", Main: debug.Module{Version: "(devel)"}}
	tests := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		wantV, wantR, wantD   string
		wantModified          bool
		wantGo                string
	}{
		{"ldflags win", "v2.0.0", "fff", "2026-11-29", vcs, "v2.0.0", "fff", "2026-11-29", false, "go1.99.1"},
		{"build info fills the gaps", "", "", "", vcs, "v1.4.0", "abc123", "2026-01-02T03:04:05Z", true, "go1.99.1"},
		{"only the version stamped", "v3.0.0", "", "", vcs, "v3.0.0", "abc123", "2026-01-02T03:04:05Z", true, "go1.99.1"},
		{"devel build without vcs", "", "", "", devel, "dev", Unknown, Unknown, false, "go1.99.1"},
		{"no build info", "", "", "", nil, "dev", Unknown, Unknown, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := resolve(tt.version, tt.commit, tt.date, tt.bi)
			if i.Version != tt.wantV || i.Revision != tt.wantR || i.Date != tt.wantD || i.Modified != tt.wantModified {
				t.Fatalf("got %+v", i)
			}
			if tt.wantGo != "" && i.GoVersion != tt.wantGo {
				t.Fatalf("go version %q, want %q", i.GoVersion, tt.wantGo)
			}
			if !strings.HasPrefix(i.GoVersion, "go") || !strings.Contains(i.Platform, "/") {
				t.Fatalf("go %q platform %q", i.GoVersion, i.Platform)
			}
		})
	}
}

func TestString(t *testing.T) {
	s := Info{Version: "v1", Revision: "abc", Date: "d", Modified: true, GoVersion: "go1.26.8", Platform: "linux/amd64"}.String()
	for _, want := range []string{"triage v1\n", "commit   abc (modified)\n", "built    d\n", "go       go1.26.8\n", "platform linux/amd64\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
}

// The test binary itself: Read works with the real build info and never
// leaves a field empty.
func TestReadRealBuildInfo(t *testing.T) {
	i := Read("", "", "")
	if i.Version == "" || i.Revision == "" || i.Date == "" || i.GoVersion == "" {
		t.Fatalf("empty field in %+v", i)
	}
	if got := Read("v9", "c", "d"); got.Version != "v9" || got.Revision != "c" || got.Date != "d" {
		t.Fatalf("stamps ignored: %+v", got)
	}
}
