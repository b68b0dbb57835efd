package rules

import (
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/spec"
)

// LatestTag: images pinned to nothing. An image with no tag pulls latest, so
// it fires too; a digest pins the image whatever the tag says
// (app:latest@sha256:... is fine). The tag is read as the runtime does: the
// part after the last ':' that follows the last '/' (registry:5000/app has
// no tag). Tags are case-sensitive: "Latest" is some other tag. Init and
// sidecar containers count; ephemeral containers are not in manifests.
// Linting a swarm with --env judges the image after the environment's
// kustomize image rewrites, as it will run.
var LatestTag = &lint.Rule{
	ID:       "latest-tag",
	Severity: lint.Warning,
	Why:      "The latest tag moves: nodes that pull at different times run different code, rollbacks return to nothing, and a new node may start a version nobody tested.",
	Fix:      "Pin the image to a version tag or a digest (image: registry/app:1.4.2 or app@sha256:...), in the role, in defaults, or in the manifest.",
	Check:    checkLatestTag,
}

func checkLatestTag(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		for _, ct := range lint.Containers(pod, path) {
			tag, pinned := imageTag(rewriteImage(ct.Image, w.Intent.Images))
			switch {
			case ct.Image == "" || pinned:
			case tag == "":
				c.Report(w, lint.At(ct.Path+".image", "image"),
					"container %q image %q has no tag, so it pulls latest", ct.Name, ct.Image)
			case tag == "latest":
				c.Report(w, lint.At(ct.Path+".image", "image"),
					"container %q uses the latest tag (%s)", ct.Name, ct.Image)
			}
		}
	}
}

// rewriteImage applies kustomize image rewrites as kustomize does: an entry
// whose name is the image's name (without tag or digest) replaces the name
// with newName, the tag with newTag, and both tag and digest with digest.
func rewriteImage(image string, rewrites []spec.KustomizeImage) string {
	name, ref := splitImage(image)
	for _, r := range rewrites {
		if r.Name != name {
			continue
		}
		if r.NewName != "" {
			name = r.NewName
		}
		switch {
		case r.Digest != "":
			ref = "@" + r.Digest
		case r.NewTag != "":
			ref = ":" + r.NewTag
		}
		return name + ref
	}
	return image
}

// splitImage cuts an image into its name and its ":tag", "@digest" or
// ":tag@digest" suffix.
func splitImage(image string) (name, ref string) {
	if at := strings.IndexByte(image, '@'); at >= 0 {
		name, ref = image[:at], image[at:]
	} else {
		name = image
	}
	if colon := strings.LastIndexByte(name, ':'); colon > strings.LastIndexByte(name, '/') {
		name, ref = name[:colon], name[colon:]+ref
	}
	return name, ref
}

// imageTag splits an image reference as the container runtime does: the tag
// follows the last ':' after the last '/' (a ':' before it is a registry
// port), and a digest ('@') pins the image whatever the tag says.
func imageTag(image string) (tag string, pinned bool) {
	if strings.Contains(image, "@") {
		return "", true
	}
	slash := strings.LastIndexByte(image, '/')
	if colon := strings.LastIndexByte(image, ':'); colon > slash {
		return image[colon+1:], false
	}
	return "", false
}
