package io.corral.console;

import io.corral.clone.CloneRunRequest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** What the clone-run create dialog holds, and the API request it makes (the service checks it). */
public class CloneRunForm implements Serializable {
    private static final long serialVersionUID = 1L;

    private String agent;
    private String template;
    private Integer count;
    private String namePattern;
    private boolean linked;
    private String targetNode;
    private String storage;
    private boolean start;
    private String tags;

    void reset() {
        agent = null;
        template = null;
        count = 5;
        namePattern = "worker-{n}";
        linked = true;
        targetNode = null;
        storage = null;
        start = false;
        tags = null;
    }

    /** The request as {@code POST /api/v1/clone-runs} would get it; blanks are left out. */
    CloneRunRequest request() {
        String node = null;
        Integer vmid = null;
        if (template != null && template.matches(".{1,100}/[0-9]{1,9}")) { // "node/vmid" from the select
            node = template.substring(0, template.lastIndexOf('/'));
            vmid = Integer.valueOf(template.substring(template.lastIndexOf('/') + 1));
        }
        List<String> tagList = blank(tags) == null ? null : Arrays.stream(tags.split("[,;\\s]+"))
                .filter(t -> !t.isEmpty()).toList();
        return new CloneRunRequest(blank(agent), node, vmid, null, count, blank(namePattern), blank(targetNode),
                !linked, blank(storage), start, tagList, null);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public String getAgent() { return agent; }
    public void setAgent(String agent) { this.agent = agent; }
    public String getTemplate() { return template; }
    public void setTemplate(String template) { this.template = template; }
    public Integer getCount() { return count; }
    public void setCount(Integer count) { this.count = count; }
    public String getNamePattern() { return namePattern; }
    public void setNamePattern(String namePattern) { this.namePattern = namePattern; }
    public boolean isLinked() { return linked; }
    public void setLinked(boolean linked) { this.linked = linked; }
    public String getTargetNode() { return targetNode; }
    public void setTargetNode(String targetNode) { this.targetNode = targetNode; }
    public String getStorage() { return storage; }
    public void setStorage(String storage) { this.storage = storage; }
    public boolean isStart() { return start; }
    public void setStart(boolean start) { this.start = start; }
    public String getTags() { return tags; }
    public void setTags(String tags) { this.tags = tags; }
}
