package dev.pxci.adapter.proxmox.internal;

/** The ids this adapter may allocate, inclusive ({@code 1000-1999}). */
public record IdRange(int first, int last) {
    public static final int MIN_VMID = 100;
    public static final int MAX_VMID = 999_999_999;

    public IdRange {
        if (first < MIN_VMID || last > MAX_VMID || first > last) {
            throw new IllegalArgumentException("id range must lie within " + MIN_VMID + "-" + MAX_VMID
                    + " with the first id not above the last, was " + first + "-" + last);
        }
    }

    public boolean contains(int vmid) {
        return vmid >= first && vmid <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
