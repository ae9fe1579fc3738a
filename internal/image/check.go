package image

import (
	"archive/tar"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// shells are names of programs that would give an attacker in the
// container a shell or a toolbox.
var shells = []string{"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "busybox", "toybox"}

// Check judges r against s and l and returns every violation joined (nil
// when the image is as it should be): the entrypoint, PATH and port of s; a
// numeric non-root user equal to s.User; the entrypoint resolving through
// PATH to an executable, static ELF of the image's architecture; no shell
// anywhere; exactly s.Binary and s.CACerts as files, owned by root and
// writable by nobody else, without setuid or setgid bits; a CA bundle with
// certificates; the version, revision and source labels; sizes within l.
func (r Report) Check(s Spec, l Limits) error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !slices.Equal(r.Entrypoint, s.Entrypoint) {
		bad("entrypoint %q, want %q", r.Entrypoint, s.Entrypoint)
	}
	if len(r.Cmd) != 0 {
		bad("cmd %q: the arguments are run's flags and come from the deployment", r.Cmd)
	}
	if err := nonRoot(r.User); err != nil {
		bad("user: %v", err)
	} else if r.User != s.User {
		bad("user %q, want %q", r.User, s.User)
	}
	if !slices.Contains(r.Env, "PATH="+s.Path) {
		bad("env %q lacks PATH=%s", r.Env, s.Path)
	}
	if !slices.Contains(r.Ports, s.Port) {
		bad("exposed ports %q lack %s", r.Ports, s.Port)
	}
	for _, k := range []string{LabelVersion, LabelRevision, LabelSource} {
		if r.Labels[k] == "" {
			bad("label %s is missing", k)
		}
	}
	r.checkEntrypoint(bad)
	r.checkFiles(s, bad)
	if n := r.Certs[s.CACerts]; n == 0 {
		bad("%s holds no PEM certificate", s.CACerts)
	}
	if r.Compressed > l.MaxCompressed {
		bad("compressed size %d bytes exceeds %d", r.Compressed, l.MaxCompressed)
	}
	if r.Uncompressed > l.MaxUncompressed {
		bad("unpacked size %d bytes exceeds %d", r.Uncompressed, l.MaxUncompressed)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("image: %s fails its checks:\n%w", r.Digest, err)
	}
	return nil
}

// nonRoot accepts "uid" or "uid:gid", both numeric and not 0.
func nonRoot(user string) error {
	uid, gid, hasGID := strings.Cut(user, ":")
	ids := []string{uid}
	if hasGID {
		ids = append(ids, gid)
	}
	for _, id := range ids {
		n, err := strconv.Atoi(id)
		if err != nil {
			return fmt.Errorf("%q is not numeric (runAsNonRoot cannot verify a name)", user)
		}
		if n == 0 {
			return fmt.Errorf("%q is root", user)
		}
	}
	return nil
}

// Resolve finds the file the entrypoint runs: a path as it is, a bare name
// through the image's PATH like the container runtime; "" if none.
func (r Report) Resolve() string {
	if len(r.Entrypoint) == 0 {
		return ""
	}
	name := r.Entrypoint[0]
	if strings.Contains(name, "/") {
		return path.Clean(name)
	}
	for _, e := range r.Env {
		if dirs, ok := strings.CutPrefix(e, "PATH="); ok {
			for _, d := range strings.Split(dirs, ":") {
				if f, ok := r.files[path.Join(d, name)]; ok && f.Type == tar.TypeReg && f.Mode&0o111 != 0 {
					return f.Path
				}
			}
		}
	}
	return ""
}

func (r Report) checkEntrypoint(bad func(string, ...any)) {
	exe := r.Resolve()
	f, ok := r.files[exe]
	if !ok || f.Type != tar.TypeReg || f.Mode&0o111 == 0 {
		bad("entrypoint %q resolves to no executable file in the image", r.Entrypoint)
		return
	}
	e, ok := r.ELF[exe]
	switch {
	case !ok:
		bad("%s is not an ELF binary", exe)
	case !e.Static():
		bad("%s is not static: loader %q, libraries %q (build with CGO_ENABLED=0)", exe, e.Interp, e.Needed)
	case e.Arch != r.Arch:
		bad("%s is built for %s but the image says %s", exe, e.Arch, r.Arch)
	}
}

func (r Report) checkFiles(s Spec, bad func(string, ...any)) {
	want := []string{s.Binary, s.CACerts}
	var got []string
	for _, f := range r.Files {
		if slices.Contains(shells, path.Base(f.Path)) {
			bad("%s is a shell or toolbox", f.Path)
		}
		if f.UID != 0 || f.GID != 0 {
			bad("%s is owned by %d:%d, want root so the user cannot change it", f.Path, f.UID, f.GID)
		}
		if f.Mode&0o7022 != 0 {
			bad("%s has mode %#o: group/other-writable, setuid, setgid or sticky", f.Path, f.Mode)
		}
		if f.Type != tar.TypeDir {
			got = append(got, f.Path)
			continue
		}
		if !slices.ContainsFunc(want, func(w string) bool { return strings.HasPrefix(w, f.Path+"/") }) {
			bad("unexpected directory %s", f.Path)
		}
	}
	if !slices.Equal(got, want) && !slices.Equal(got, []string{s.CACerts, s.Binary}) {
		bad("files %q, want exactly %q", got, want)
	}
}
