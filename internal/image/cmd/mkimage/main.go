// Command mkimage builds triage's container image without a Docker daemon
// (internal/image), checks it, and unpacks it for a read-only run:
//
//	mkimage build   --binary triage --version V --revision R --created T --layout DIR [--tarball F] [--push]
//	mkimage inspect --layout DIR | --tarball F
//	mkimage extract --layout DIR | --tarball F --to ROOTFS
//
// build writes an OCI image layout (and a "docker load" tarball), and with
// --push serves a registry on loopback, pushes the image, pulls it back and
// checks the pulled image is the same digest and passes the checks. inspect
// reads an image back, prints its report and checks it against
// image.Triage and image.DefaultLimits. deploy/image.sh runs all three.
// Exit codes: 0 fine, 1 failed (a failed check is printed), 2 bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/triage/triage/internal/image"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = "usage: mkimage build|inspect|extract [flags] (mkimage <command> -h)"

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) int{"build": build, "inspect": inspect, "extract": extract}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "mkimage: unknown command %q\n%s\n", args[0], usage)
		return 2
	}
	return c(args[1:], stdout, stderr)
}

func build(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mkimage build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var in image.Inputs
	fs.StringVar(&in.Binary, "binary", "", "the static triage binary (CGO_ENABLED=0)")
	fs.StringVar(&in.CACerts, "ca-certs", image.Triage.CACerts, "CA bundle to copy into the image")
	fs.StringVar(&in.Version, "version", "", "org.opencontainers.image.version label")
	fs.StringVar(&in.Revision, "revision", "", "org.opencontainers.image.revision label (the commit)")
	fs.StringVar(&in.Arch, "arch", "", "GOARCH of the binary (default: this machine's)")
	created := fs.String("created", "", "RFC 3339 time of the image and its files (default: the Unix epoch)")
	dir := fs.String("layout", "", "write an OCI image layout to this new directory")
	tarPath := fs.String("tarball", "", "also write a tarball for docker load -i")
	tag := fs.String("tag", "", "image reference for the layout annotation and the tarball (default triage:VERSION)")
	push := fs.Bool("push", false, "push to a registry served on loopback, pull back, check")
	if fs.Parse(args) != nil {
		return 2
	}
	if in.Binary == "" || in.Version == "" || in.Revision == "" || *dir == "" {
		fmt.Fprintln(stderr, "mkimage build: --binary, --version, --revision and --layout are required")
		return 2
	}
	if *created != "" {
		t, err := time.Parse(time.RFC3339, *created)
		if err != nil {
			fmt.Fprintf(stderr, "mkimage build: --created: %v\n", err)
			return 2
		}
		in.Created = t
	}
	if *tag == "" {
		*tag = "triage:" + in.Version
	}
	img, err := image.Build(image.Triage, in)
	if err == nil {
		err = image.WriteLayout(*dir, *tag, img)
	}
	if err == nil && *tarPath != "" {
		err = image.WriteTarball(*tarPath, *tag, img)
	}
	if err == nil && *push {
		err = roundTrip(img, *tag, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "mkimage build:", err)
		return 1
	}
	d, _ := img.Digest()
	fmt.Fprintf(stdout, "mkimage: built %s as %s in %s\n", *tag, d, *dir)
	return 0
}

// roundTrip pushes img to a loopback registry, pulls it back by digest and
// checks the pulled image.
func roundTrip(img v1.Image, tag string, stdout io.Writer) error {
	reg, err := image.StartRegistry()
	if err != nil {
		return err
	}
	defer reg.Close()
	ref, err := reg.Push(img, tag)
	if err != nil {
		return err
	}
	pulled, err := reg.Pull(ref)
	if err != nil {
		return err
	}
	r, err := image.Inspect(pulled)
	if err != nil {
		return err
	}
	if want, _ := img.Digest(); r.Digest != want.String() {
		return fmt.Errorf("pulled %s from %s, pushed %s", r.Digest, ref, want)
	}
	if err := r.Check(image.Triage, image.DefaultLimits); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "mkimage: pushed to %s, pulled back the same digest, checks pass\n", ref)
	return nil
}

func inspect(args []string, stdout, stderr io.Writer) int {
	src := newSource("mkimage inspect", stderr)
	if src.fs.Parse(args) != nil {
		return 2
	}
	img, code := src.open()
	if img == nil {
		return code
	}
	r, err := image.Inspect(img)
	if err != nil {
		fmt.Fprintln(stderr, "mkimage inspect:", err)
		return 1
	}
	fmt.Fprint(stdout, r)
	l := image.DefaultLimits
	if err := r.Check(image.Triage, l); err != nil {
		fmt.Fprintln(stderr, "mkimage inspect:", err)
		return 1
	}
	fmt.Fprintf(stdout, "checks      pass: entrypoint, numeric non-root user, static ELF, no shell, only the expected files, size within %d MiB to pull and %d MiB unpacked\n",
		l.MaxCompressed>>20, l.MaxUncompressed>>20)
	return 0
}

func extract(args []string, stdout, stderr io.Writer) int {
	src := newSource("mkimage extract", stderr)
	to := src.fs.String("to", "", "directory to unpack the image's filesystem into")
	if src.fs.Parse(args) != nil {
		return 2
	}
	if *to == "" {
		fmt.Fprintln(stderr, "mkimage extract: --to is required")
		return 2
	}
	img, code := src.open()
	if img == nil {
		return code
	}
	if err := image.Extract(img, *to); err != nil {
		fmt.Fprintln(stderr, "mkimage extract:", err)
		return 1
	}
	fmt.Fprintf(stdout, "mkimage: unpacked into %s\n", *to)
	return 0
}

// source is the flags naming an image to read: a layout or a tarball.
type source struct {
	fs            *flag.FlagSet
	layout, tball *string
	stderr        io.Writer
}

func newSource(cmd string, stderr io.Writer) source {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return source{fs: fs, stderr: stderr,
		layout: fs.String("layout", "", "OCI image layout directory"),
		tball:  fs.String("tarball", "", "image tarball (docker save format)")}
}

// open reads the image of exactly one of --layout and --tarball; on
// failure it returns nil and the exit code, having said why.
func (s source) open() (v1.Image, int) {
	if (*s.layout == "") == (*s.tball == "") {
		fmt.Fprintf(s.stderr, "%s: give exactly one of --layout and --tarball\n", s.fs.Name())
		return nil, 2
	}
	var img v1.Image
	var err error
	if *s.layout != "" {
		img, err = image.ReadLayout(*s.layout)
	} else {
		img, err = image.ReadTarball(*s.tball)
	}
	if err != nil {
		fmt.Fprintf(s.stderr, "%s: %v\n", s.fs.Name(), err)
		return nil, 1
	}
	return img, 0
}
