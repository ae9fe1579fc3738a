package image

import (
	"archive/tar"
	"fmt"
	"sort"
	"strings"
)

// String is the human summary mkimage prints: identity, runtime config,
// labels, every file, and the two sizes in bytes and MiB.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "image       %s (%s, %s/%s, %d layer(s))\n", r.Digest, r.MediaType, r.OS, r.Arch, r.Layers)
	fmt.Fprintf(&b, "entrypoint  %q resolves to %s\n", r.Entrypoint, or(r.Resolve(), "nothing"))
	fmt.Fprintf(&b, "user        %s\nenv         %s\nports       %s\n", r.User, strings.Join(r.Env, " "), strings.Join(r.Ports, " "))
	keys := make([]string, 0, len(r.Labels))
	for k := range r.Labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "label       %s=%s\n", k, r.Labels[k])
	}
	for _, f := range r.Files {
		if f.Type == tar.TypeDir {
			continue
		}
		note := ""
		if e, ok := r.ELF[f.Path]; ok {
			note = fmt.Sprintf(", ELF %s, static %t (PT_INTERP %q, DT_NEEDED %q)", e.Arch, e.Static(), e.Interp, e.Needed)
		}
		if n, ok := r.Certs[f.Path]; ok {
			note = fmt.Sprintf(", %d certificates", n)
		}
		fmt.Fprintf(&b, "file        %s %#o %d:%d %d bytes%s\n", f.Path, f.Mode, f.UID, f.GID, f.Size, note)
	}
	fmt.Fprintf(&b, "size        %d bytes (%.1f MiB) to pull, %d bytes (%.1f MiB) unpacked\n",
		r.Compressed, mib(r.Compressed), r.Uncompressed, mib(r.Uncompressed))
	return b.String()
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
