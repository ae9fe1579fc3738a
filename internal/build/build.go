// Package build says which build of triage is running: the version, commit
// and date stamped with -ldflags (the reliable source: the Dockerfile and
// deploy/image.sh set them, and GOFLAGS=-buildvcs=false drops the VCS
// stamps), else what debug.ReadBuildInfo recorded (a module version from
// "go install ...@vX", vcs.revision, vcs.time and vcs.modified), and the Go
// version that compiled it.
package build

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Unknown stands for a field neither the ldflags nor the build info carry.
const Unknown = "unknown"

// Info describes one build. The zero value is not useful; use Read.
type Info struct {
	Version   string // "dev" when nothing says otherwise
	Revision  string // full commit hash, or Unknown
	Date      string // build or commit time as given, or Unknown
	Modified  bool   // built from a work tree with uncommitted changes (build info only)
	GoVersion string // e.g. go1.26.8
	Platform  string // GOOS/GOARCH
}

// Read combines the ldflags stamps (empty when not set) with the running
// binary's embedded build info. A stamp always wins over the build info.
func Read(version, commit, date string) Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return resolve(version, commit, date, bi)
}

// resolve is Read with the build info given (nil when there is none).
func resolve(version, commit, date string, bi *debug.BuildInfo) Info {
	i := Info{Version: version, Revision: commit, Date: date, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if i.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			i.Version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			i.GoVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				i.Revision = first(i.Revision, s.Value)
			case "vcs.time":
				i.Date = first(i.Date, s.Value)
			case "vcs.modified":
				i.Modified = commit == "" && s.Value == "true"
			}
		}
	}
	i.Version = first(i.Version, "dev")
	i.Revision = first(i.Revision, Unknown)
	i.Date = first(i.Date, Unknown)
	return i
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// String is what "triage version" prints: the version on the first line,
// then one "key value" line per field.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "triage %s\n", i.Version)
	rev := i.Revision
	if i.Modified {
		rev += " (modified)"
	}
	fmt.Fprintf(&b, "commit   %s\nbuilt    %s\ngo       %s\nplatform %s\n", rev, i.Date, i.GoVersion, i.Platform)
	return b.String()
}
