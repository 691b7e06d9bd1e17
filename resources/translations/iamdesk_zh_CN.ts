<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccessKeysSection</name>
    <message>
        <source>Access Keys</source>
        <translation>访问密钥</translation>
    </message>
    <message>
        <source>Create Access Key</source>
        <translation>新增访问密钥</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>访问密钥ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最近使用时间</translation>
    </message>
    <message>
        <source>Access keys</source>
        <translation>访问密钥</translation>
    </message>
    <message>
        <source>Access keys: %1 of %2</source>
        <translation>访问密钥：%1 / %2</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未使用</translation>
    </message>
    <message>
        <source>No access keys</source>
        <translation>无访问密钥</translation>
    </message>
    <message>
        <source>The user has %1 of %2 access keys.</source>
        <translation>该用户已有 %1 / %2 个访问密钥。</translation>
    </message>
    <message>
        <source>Select an access key first.</source>
        <translation>请先选择一个访问密钥。</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Access key %1 was deleted.</source>
        <translation>访问密钥 %1 已删除。</translation>
    </message>
    <message>
        <source>Delete Access Key</source>
        <translation>删除访问密钥</translation>
    </message>
    <message>
        <source>Access key %1 is active: programs using it will stop working. Type its ID to delete it:</source>
        <translation>访问密钥 %1 处于启用状态：删除后，使用它的程序将无法工作。请输入其ID以确认删除：</translation>
    </message>
    <message>
        <source>Delete the inactive access key %1?</source>
        <translation>确定要删除已停用的访问密钥 %1 吗？</translation>
    </message>
    <message>
        <source>Delete access key</source>
        <translation>删除访问密钥</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>The account owns every IAM user. Its name is how the root operator signs in.</source>
        <translation>账号拥有所有IAM用户。根用户使用账号名登录。</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>账号名</translation>
    </message>
    <message>
        <source>for example acme</source>
        <translation>例如 acme</translation>
    </message>
    <message>
        <source>Account email</source>
        <translation>账号邮件地址</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>账号名：</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>邮件地址：</translation>
    </message>
</context>
<context>
    <name>AddMfaDeviceDialog</name>
    <message>
        <source>Add MFA Device — %1</source>
        <translation>添加MFA设备 — %1</translation>
    </message>
    <message>
        <source>Device name</source>
        <translation>设备名称</translation>
    </message>
    <message>
        <source>for example office-phone</source>
        <translation>例如 office-phone</translation>
    </message>
    <message>
        <source>1-64 letters, digits, - and _.</source>
        <translation>1-64 个字母、数字、- 和 _。</translation>
    </message>
    <message>
        <source>Virtual MFA device (an authenticator app)</source>
        <translation>虚拟MFA设备（身份验证器应用）</translation>
    </message>
    <message>
        <source>Security key (USB)</source>
        <translation>安全密钥（USB）</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Device name:</source>
        <translation>设备名称：</translation>
    </message>
    <message>
        <source>Device type:</source>
        <translation>设备类型：</translation>
    </message>
    <message>
        <source>A virtual MFA device is already bound.</source>
        <translation>已绑定虚拟MFA设备。</translation>
    </message>
    <message>
        <source>A virtual MFA device waits for its codes: use Continue binding.</source>
        <translation>有一个虚拟MFA设备在等待验证码：请使用“继续绑定”。</translation>
    </message>
    <message>
        <source>The user has %1 of %2 security keys.</source>
        <translation>该用户已有 %1 个安全密钥（上限 %2 个）。</translation>
    </message>
    <message>
        <source>The user already has an MFA device named %1.</source>
        <translation>该用户已有名为 %1 的MFA设备。</translation>
    </message>
    <message>
        <source>✓ Valid name.</source>
        <translation>✓ 名称有效。</translation>
    </message>
</context>
<context>
    <name>AddSecurityKeyDialog</name>
    <message>
        <source>Add Security Key — %1</source>
        <translation>添加安全密钥 — %1</translation>
    </message>
    <message>
        <source>Security key</source>
        <translation>安全密钥</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>密钥名称</translation>
    </message>
    <message>
        <source>for example office-key-1</source>
        <translation>例如 office-key-1</translation>
    </message>
    <message>
        <source>1-64 letters, digits, - and _.</source>
        <translation>1-64个字符，可包含字母、数字、- 和 _。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>安全密钥：</translation>
    </message>
    <message>
        <source>Key name:</source>
        <translation>密钥名称：</translation>
    </message>
    <message>
        <source>Insert the security key into a USB port.</source>
        <translation>请将安全密钥插入USB接口。</translation>
    </message>
    <message>
        <source>Talking to the security key…</source>
        <translation>正在与安全密钥通信…</translation>
    </message>
    <message>
        <source>Looking for security keys…</source>
        <translation>正在查找安全密钥…</translation>
    </message>
    <message>
        <source> (PIN)</source>
        <translation>（已设置PIN）</translation>
    </message>
    <message>
        <source>No security key found</source>
        <translation>未找到安全密钥</translation>
    </message>
    <message>
        <source>No security key found: insert one and press Refresh.</source>
        <translation>未找到安全密钥：请插入安全密钥，然后单击“刷新”。</translation>
    </message>
    <message>
        <source>✓ Valid name.</source>
        <translation>✓ 名称有效。</translation>
    </message>
    <message>
        <source>Touch your security key.</source>
        <translation>请触摸您的安全密钥。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>AuditFilters</name>
    <message>
        <source>Filter by user</source>
        <translation>按用户筛选</translation>
    </message>
    <message>
        <source>User (name or its beginning, any case)</source>
        <translation>用户（名称或其开头，不区分大小写）</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>按操作筛选</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任意时间</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近1小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近24小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近7天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近30天</translation>
    </message>
    <message>
        <source>Between…</source>
        <translation>介于…</translation>
    </message>
    <message>
        <source>and</source>
        <translation>至</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit Log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Verify Chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出CSV…</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>审计事件</translation>
    </message>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Load Older Events</source>
        <translation>加载更早的事件</translation>
    </message>
    <message>
        <source>%1 (failed)</source>
        <translation>%1（失败）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>No events</source>
        <translation>没有事件</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>The chain is intact: %1 events, none changed or removed.</source>
        <translation>哈希链完整：共 %1 条事件，均未被修改或删除。</translation>
    </message>
    <message>
        <source>The chain is broken at event #%1: %2. Keep this store for review.</source>
        <translation>哈希链在第 %1 条事件处断开：%2。请保留此存储以备审查。</translation>
    </message>
    <message>
        <source>Exported %1 events to %2.</source>
        <translation>已将 %1 条事件导出到 %2。</translation>
    </message>
    <message>
        <source>Export Audit Log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>AuditWords</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>API action</source>
        <translation>API操作</translation>
    </message>
    <message>
        <source>API call</source>
        <translation>API调用</translation>
    </message>
    <message>
        <source>API token issued</source>
        <translation>已签发API令牌</translation>
    </message>
    <message>
        <source>API token revoked</source>
        <translation>已吊销API令牌</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Access key created</source>
        <translation>已创建访问密钥</translation>
    </message>
    <message>
        <source>Access key deleted</source>
        <translation>已删除访问密钥</translation>
    </message>
    <message>
        <source>Access key disabled</source>
        <translation>已停用访问密钥</translation>
    </message>
    <message>
        <source>Access key enabled</source>
        <translation>已启用访问密钥</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>访问密钥</translation>
    </message>
    <message>
        <source>Account created</source>
        <translation>已创建账号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>After a wrong second factor</source>
        <translation>因第二因素错误</translation>
    </message>
    <message>
        <source>Audit log keyed</source>
        <translation>审计日志已启用密钥</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <source>By</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>已变更</translation>
    </message>
    <message>
        <source>Contact detail removed</source>
        <translation>已删除联系方式</translation>
    </message>
    <message>
        <source>Contact details changed</source>
        <translation>已修改联系方式</translation>
    </message>
    <message>
        <source>Duration (seconds)</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <source>Email set</source>
        <translation>已设邮件地址</translation>
    </message>
    <message>
        <source>Emailed</source>
        <translation>已发邮件</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Lock passed at a workstation</source>
        <translation>在工作站通过锁定</translation>
    </message>
    <message>
        <source>Locked by failed sign-ins</source>
        <translation>因登录失败被锁定</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Login policy changed</source>
        <translation>已修改登录策略</translation>
    </message>
    <message>
        <source>Login protection set</source>
        <translation>已设置登录保护</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Mobile set</source>
        <translation>已设手机号</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Model (AAGUID)</source>
        <translation>型号（AAGUID）</translation>
    </message>
    <message>
        <source>Must change</source>
        <translation>须修改</translation>
    </message>
    <message>
        <source>Outbox sent</source>
        <translation>已发送发件箱</translation>
    </message>
    <message>
        <source>Passing a lock</source>
        <translation>正在通过锁定</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>已修改密码</translation>
    </message>
    <message>
        <source>Password deleted</source>
        <translation>已删除密码</translation>
    </message>
    <message>
        <source>Password policy changed</source>
        <translation>已修改密码策略</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>已重置密码</translation>
    </message>
    <message>
        <source>Password set from a link</source>
        <translation>已通过链接设置密码</translation>
    </message>
    <message>
        <source>Permission set assigned</source>
        <translation>已分配权限集</translation>
    </message>
    <message>
        <source>Permission set created</source>
        <translation>已创建权限集</translation>
    </message>
    <message>
        <source>Permission set unassigned</source>
        <translation>已取消分配权限集</translation>
    </message>
    <message>
        <source>Permission set</source>
        <translation>权限集</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Portal address changed</source>
        <translation>已修改门户地址</translation>
    </message>
    <message>
        <source>Portal address</source>
        <translation>门户地址</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Relying party</source>
        <translation>依赖方</translation>
    </message>
    <message>
        <source>Reset mode</source>
        <translation>重置方式</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>SMS gateway changed</source>
        <translation>已修改短信网关</translation>
    </message>
    <message>
        <source>SMTP settings changed</source>
        <translation>已修改SMTP设置</translation>
    </message>
    <message>
        <source>SMTP test</source>
        <translation>SMTP测试</translation>
    </message>
    <message>
        <source>Second factor asked</source>
        <translation>已要求第二因素</translation>
    </message>
    <message>
        <source>Second factor</source>
        <translation>第二因素</translation>
    </message>
    <message>
        <source>Security key added</source>
        <translation>已添加安全密钥</translation>
    </message>
    <message>
        <source>Security key counter went back</source>
        <translation>安全密钥计数器回退</translation>
    </message>
    <message>
        <source>Security key relying party changed</source>
        <translation>已修改安全密钥依赖方</translation>
    </message>
    <message>
        <source>Security key unbound</source>
        <translation>已解绑安全密钥</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Session (seconds)</source>
        <translation>会话（秒）</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign-out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Started again</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>Temporary credential issued</source>
        <translation>已签发临时凭证</translation>
    </message>
    <message>
        <source>Temporary credential revoked</source>
        <translation>已吊销临时凭证</translation>
    </message>
    <message>
        <source>Temporary</source>
        <translation>临时</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>截至</translation>
    </message>
    <message>
        <source>User changed</source>
        <translation>已修改用户</translation>
    </message>
    <message>
        <source>User created</source>
        <translation>已创建用户</translation>
    </message>
    <message>
        <source>User deleted</source>
        <translation>已删除用户</translation>
    </message>
    <message>
        <source>User disabled</source>
        <translation>已停用用户</translation>
    </message>
    <message>
        <source>User enabled</source>
        <translation>已启用用户</translation>
    </message>
    <message>
        <source>User unlocked</source>
        <translation>已解锁用户</translation>
    </message>
    <message>
        <source>Users imported</source>
        <translation>已导入用户</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户数</translation>
    </message>
    <message>
        <source>Verification code sent</source>
        <translation>已发送验证码</translation>
    </message>
    <message>
        <source>Virtual MFA device binding cancelled</source>
        <translation>已取消绑定虚拟 MFA 设备</translation>
    </message>
    <message>
        <source>Virtual MFA device binding continued</source>
        <translation>继续绑定虚拟 MFA 设备</translation>
    </message>
    <message>
        <source>Virtual MFA device binding started</source>
        <translation>已开始绑定虚拟MFA设备</translation>
    </message>
    <message>
        <source>Virtual MFA device bound</source>
        <translation>已绑定虚拟MFA设备</translation>
    </message>
    <message>
        <source>Virtual MFA device reset</source>
        <translation>已重置虚拟MFA设备</translation>
    </message>
    <message>
        <source>Virtual MFA device unbound</source>
        <translation>已解绑虚拟MFA设备</translation>
    </message>
    <message>
        <source>Was due</source>
        <translation>已到期</translation>
    </message>
    <message>
        <source>Was locked</source>
        <translation>曾被锁定</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>automatically generated</source>
        <translation>自动生成</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>portal</source>
        <translation>门户</translation>
    </message>
    <message>
        <source>set by the user (link)</source>
        <translation>由用户设置（链接）</translation>
    </message>
    <message>
        <source>set now</source>
        <translation>立即设置</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>BasicInfoTab</name>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Operator role</source>
        <translation>操作员角色</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Delete User…</source>
        <translation>删除用户…</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>显示名称：</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>描述：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Operator role:</source>
        <translation>操作员角色：</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>联系方式：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Dates:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>None (not an operator)</source>
        <translation>无（非操作员）</translation>
    </message>
    <message>
        <source>Helpdesk (reset passwords, unlock)</source>
        <translation>服务台（重置密码、解锁）</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked until %1</source>
        <translation>锁定至 %1</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Email %1 · Mobile %2</source>
        <translation>邮件地址：%1 · 手机号：%2</translation>
    </message>
    <message>
        <source>Created %1 · Last login %2</source>
        <translation>创建时间：%1 · 最近登录：%2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未登录</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation>用户自行设置</translation>
    </message>
    <message>
        <source>generated automatically</source>
        <translation>自动生成</translation>
    </message>
    <message>
        <source>set by an operator</source>
        <translation>操作员设置</translation>
    </message>
    <message>
        <source>Set %1, %2</source>
        <translation>设置于 %1，%2</translation>
    </message>
    <message>
        <source>; must be changed at next sign-in</source>
        <translation>；下次登录时必须修改</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Enabled.</source>
        <translation>已启用。</translation>
    </message>
    <message>
        <source>Disabled.</source>
        <translation>已停用。</translation>
    </message>
    <message>
        <source>Unlocked.</source>
        <translation>已解锁。</translation>
    </message>
    <message>
        <source>Delete User</source>
        <translation>删除用户</translation>
    </message>
    <message>
        <source>Delete user %1? Its password, MFA device, security keys and access keys go with it. This cannot be undone.</source>
        <translation>确定要删除用户 %1 吗？其密码、MFA设备、安全密钥和访问密钥将一并删除，且无法恢复。</translation>
    </message>
    <message>
        <source>Delete user</source>
        <translation>删除用户</translation>
    </message>
</context>
<context>
    <name>BindMfaDialog</name>
    <message>
        <source>Reset Virtual MFA Device — %1</source>
        <translation>重置虚拟MFA设备 — %1</translation>
    </message>
    <message>
        <source>Bind Virtual MFA Device — %1</source>
        <translation>绑定虚拟MFA设备 — %1</translation>
    </message>
    <message>
        <source>Continue Binding — %1</source>
        <translation>继续绑定 — %1</translation>
    </message>
    <message>
        <source>1. Install an authenticator app (such as Huawei Cloud, Google or Microsoft Authenticator) on the user&apos;s phone.
2. Scan the QR code with it, or type the secret by hand.
3. Enter two consecutive codes the app shows.</source>
        <translation>1. 在用户的手机上安装身份验证器应用（例如华为云、Google Authenticator 或 Microsoft Authenticator）。
2. 用该应用扫描二维码，或手动输入密钥。
3. 输入应用上连续显示的两组验证码。</translation>
    </message>
    <message>
        <source>Creating the device…</source>
        <translation>正在创建设备…</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the secret (cleared from the clipboard after 30 seconds)</source>
        <translation>复制密钥（30秒后从剪贴板清除）</translation>
    </message>
    <message>
        <source>First code</source>
        <translation>第一组验证码</translation>
    </message>
    <message>
        <source>Next code</source>
        <translation>第二组验证码</translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <source>Code 1:</source>
        <translation>验证码1：</translation>
    </message>
    <message>
        <source>Code 2:</source>
        <translation>验证码2：</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Link emailed to %1</source>
        <translation>链接已通过邮件发送至 %1</translation>
    </message>
    <message>
        <source>Login protection set to %1</source>
        <translation>登录保护已设为 %1</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
</context>
<context>
    <name>BulkBar</name>
    <message>
        <source>Send Set-Password Links</source>
        <translation>发送设置密码链接</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Set Login Protection…</source>
        <translation>设置登录保护…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Export Selected…</source>
        <translation>导出所选…</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>Email a set-password link to %1 user(s)? Each link works once, for 24 hours, and voids any earlier link.</source>
        <translation>确定要向 %1 个用户发送设置密码链接吗？每个链接仅可使用一次，24小时内有效，且会使之前发送的链接失效。</translation>
    </message>
    <message>
        <source>Enable Users</source>
        <translation>启用用户</translation>
    </message>
    <message>
        <source>Disable Users</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <source>Enable %1 user(s)?</source>
        <translation>确定要启用 %1 个用户吗？</translation>
    </message>
    <message>
        <source>Disable %1 user(s)? They can no longer sign in.</source>
        <translation>确定要停用 %1 个用户吗？停用后这些用户将无法登录。</translation>
    </message>
    <message>
        <source>Unlock Users</source>
        <translation>解锁用户</translation>
    </message>
    <message>
        <source>Unlock %1 user(s)? Their failed sign-ins are forgotten.</source>
        <translation>解锁 %1 个用户？其登录失败记录将被清除。</translation>
    </message>
    <message>
        <source>Set Login Protection</source>
        <translation>设置登录保护</translation>
    </message>
    <message>
        <source>Login protection for %1 user(s):</source>
        <translation>%1 个用户的登录保护：</translation>
    </message>
    <message>
        <source>Working on %1 user(s)…</source>
        <translation>正在处理 %1 个用户…</translation>
    </message>
    <message>
        <source>Done: %1 of %2 user(s) changed.</source>
        <translation>完成：%2 个用户中已更改 %1 个。</translation>
    </message>
</context>
<context>
    <name>BulkResultDialog</name>
    <message>
        <source>%1 of %2 users done; %3 refused.</source>
        <translation>共 %2 个用户，已完成 %1 个，%3 个被拒绝。</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
</context>
<context>
    <name>ColumnChooser</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Choose the columns to show</source>
        <translation>选择要显示的列</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Set Up IAM Desk</source>
        <translation>设置 IAM Desk</translation>
    </message>
    <message>
        <source>IAM Desk cannot open its store: %1</source>
        <translation>IAM Desk 无法打开存储：%1</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Change Email Address — %1</source>
        <translation>修改邮件地址 — %1</translation>
    </message>
    <message>
        <source>Change Mobile Number — %1</source>
        <translation>修改手机号 — %1</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>邮件地址</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Email address:</source>
        <translation>邮件地址：</translation>
    </message>
    <message>
        <source>Mobile number:</source>
        <translation>手机号：</translation>
    </message>
    <message>
        <source>✓ Valid: saved as %1</source>
        <translation>✓ 有效：将保存为 %1</translation>
    </message>
    <message>
        <source>✓ Valid.</source>
        <translation>✓ 有效。</translation>
    </message>
</context>
<context>
    <name>CopyField</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Check the choices, then create the account.</source>
        <translation>请核对以上设置，然后创建账号。</translation>
    </message>
</context>
<context>
    <name>CreateUserDialog</name>
    <message>
        <source>Create User</source>
        <translation>创建用户</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>1-64 letters, digits, and - _ . @</source>
        <translation>1-64个字符，可包含字母、数字及 - _ . @</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮件地址</translation>
    </message>
    <message>
        <source>optional; needed for emailed passwords</source>
        <translation>可选；通过邮件发送密码时需要</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>optional; +86 138 0013 8000</source>
        <translation>可选；例如 +86 138 0013 8000</translation>
    </message>
    <message>
        <source>Operator role</source>
        <translation>操作员角色</translation>
    </message>
    <message>
        <source>None (not an operator)</source>
        <translation>无（非操作员）</translation>
    </message>
    <message>
        <source>Helpdesk</source>
        <translation>服务台</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>显示名称：</translation>
    </message>
    <message>
        <source>Email:</source>
        <translation>邮件地址：</translation>
    </message>
    <message>
        <source>Mobile:</source>
        <translation>手机号：</translation>
    </message>
    <message>
        <source>Operator role:</source>
        <translation>操作员角色：</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>CredentialChoice</name>
    <message>
        <source>Login credential</source>
        <translation>登录凭证</translation>
    </message>
    <message>
        <source>Set by user (a one-time link is emailed)</source>
        <translation>由用户设置（通过邮件发送一次性链接）</translation>
    </message>
    <message>
        <source>Automatically generated</source>
        <translation>自动生成</translation>
    </message>
    <message>
        <source>Set now</source>
        <translation>现在设置</translation>
    </message>
    <message>
        <source>None (no password for now)</source>
        <translation>无（暂不设置密码）</translation>
    </message>
    <message>
        <source>Show it once after Create (with Copy)</source>
        <translation>创建后显示一次（可复制）</translation>
    </message>
    <message>
        <source>Email it to the user</source>
        <translation>通过邮件发送给用户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>The new password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Require a new password at first sign-in</source>
        <translation>首次登录时要求修改密码</translation>
    </message>
    <message>
        <source>Type the user&apos;s email address first.</source>
        <translation>请先填写用户的邮箱地址。</translation>
    </message>
</context>
<context>
    <name>CredentialsSection</name>
    <message>
        <source>Login Credentials</source>
        <translation>登录凭证</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Login password</source>
        <translation>登录密码</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Email address</source>
        <translation>邮件地址</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Not bound</source>
        <translation>未绑定</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>set by the user</source>
        <translation>由用户自行设置</translation>
    </message>
    <message>
        <source>automatically generated</source>
        <translation>自动生成</translation>
    </message>
    <message>
        <source>set by an operator</source>
        <translation>由操作员设置</translation>
    </message>
    <message>
        <source>Set — %1, %2</source>
        <translation>已设置 — %1，%2</translation>
    </message>
    <message>
        <source> (must be changed at next sign-in)</source>
        <translation>（下次登录时必须修改）</translation>
    </message>
    <message>
        <source>No password is set.</source>
        <translation>未设置密码。</translation>
    </message>
    <message>
        <source>No mobile number is bound.</source>
        <translation>未绑定手机号。</translation>
    </message>
    <message>
        <source>No email address is bound.</source>
        <translation>未绑定邮件地址。</translation>
    </message>
    <message>
        <source>Remove mobile number</source>
        <translation>移除手机号</translation>
    </message>
    <message>
        <source>Remove email address</source>
        <translation>移除邮件地址</translation>
    </message>
    <message>
        <source>The user is unlocked.</source>
        <translation>该用户已解锁。</translation>
    </message>
    <message>
        <source>The login password was deleted.</source>
        <translation>登录密码已删除。</translation>
    </message>
    <message>
        <source>Delete Password</source>
        <translation>删除密码</translation>
    </message>
    <message>
        <source>Delete the login password of %1? The user can no longer sign in with a password until a new one is set.</source>
        <translation>确定要删除 %1 的登录密码吗？设置新密码之前，该用户将无法使用密码登录。</translation>
    </message>
    <message>
        <source>Delete password</source>
        <translation>删除密码</translation>
    </message>
    <message>
        <source>mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>email address</source>
        <translation>邮件地址</translation>
    </message>
    <message>
        <source>Remove Contact</source>
        <translation>移除联系方式</translation>
    </message>
    <message>
        <source>Remove the %1 of %2?</source>
        <translation>确定要移除 %2 的%1吗？</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>&apos;{host}&apos; is not a valid host name</source>
        <translation>“{host}”不是有效的主机名</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; already has a virtual MFA device (one per user): reset or unbind it first</source>
        <translation>“{name}”已有虚拟 MFA 设备（每个用户一个）：请先重置或解绑</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has no virtual MFA device</source>
        <translation>“{name}”没有虚拟 MFA 设备</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has no virtual MFA device waiting for confirmation: bind one first</source>
        <translation>“{name}”没有等待确认的虚拟 MFA 设备：请先绑定</translation>
    </message>
    <message>
        <source>API login protection is on for this user: a token needs the code from the virtual MFA device as well as the password</source>
        <translation>该用户已开启 API 登录保护：获取令牌除密码外还需要虚拟 MFA 设备上的验证码</translation>
    </message>
    <message>
        <source>API login protection is on for this user: authenticate with the methods [&quot;password&quot;, &quot;totp&quot;] and the code of the virtual MFA device</source>
        <translation>该用户已开启 API 登录保护：请使用 [&quot;password&quot;, &quot;totp&quot;] 方法并提供虚拟 MFA 设备的验证码进行认证</translation>
    </message>
    <message>
        <source>API login protection is on for this user: give the code from the virtual MFA device</source>
        <translation>该用户已开启 API 登录保护：请输入虚拟 MFA 设备上的验证码</translation>
    </message>
    <message>
        <source>API login protection needs an active virtual MFA device: bind one for &apos;{name}&apos; first</source>
        <translation>API 登录保护需要已激活的虚拟 MFA 设备：请先为“{name}”绑定</translation>
    </message>
    <message>
        <source>API login protection of &apos;{name}&apos; uses its virtual MFA device: change login protection first</source>
        <translation>“{name}”的 API 登录保护正在使用其虚拟 MFA 设备：请先更改登录保护</translation>
    </message>
    <message>
        <source>SMTP is not configured</source>
        <translation>尚未配置 SMTP</translation>
    </message>
    <message>
        <source>SMTP port {port} is not between 1 and 65535</source>
        <translation>SMTP 端口 {port} 不在 1 到 65535 之间</translation>
    </message>
    <message>
        <source>SMTP security must be one of {choices}</source>
        <translation>SMTP 安全方式必须是 {choices} 之一</translation>
    </message>
    <message>
        <source>TLS with the SMS gateway {where} failed ({reason}) — check its certificate</source>
        <translation>与短信网关 {where} 的 TLS 连接失败（{reason}）——请检查其证书</translation>
    </message>
    <message>
        <source>TLS with {where} failed ({reason}) — check the security mode and the server&apos;s certificate</source>
        <translation>与 {where} 的 TLS 连接失败（{reason}）——请检查安全方式和服务器证书</translation>
    </message>
    <message>
        <source>a file holds at most {max} users; split it</source>
        <translation>一个文件最多包含 {max} 个用户；请拆分</translation>
    </message>
    <message>
        <source>a page holds 1 to {max} users from offset 0 or more</source>
        <translation>每页包含 1 到 {max} 个用户，偏移量须为 0 或更大</translation>
    </message>
    <message>
        <source>a password set by a helpdesk operator must always be changed at next sign-in; ask an administrator</source>
        <translation>服务台操作员设置的密码必须在下次登录时修改；请联系管理员</translation>
    </message>
    <message>
        <source>a per-user limit would be exceeded</source>
        <translation>将超出每个用户的上限</translation>
    </message>
    <message>
        <source>a permission set named &apos;{name}&apos; already exists</source>
        <translation>名为“{name}”的权限集已存在</translation>
    </message>
    <message>
        <source>a sign-in code is on its way by {method} to {sent_to}: finish within {minutes} minutes</source>
        <translation>登录验证码正通过 {method} 发送到 {sent_to}：请在 {minutes} 分钟内完成</translation>
    </message>
    <message>
        <source>a stored secret could not be decrypted (it was altered or belongs to another record); re-create that secret</source>
        <translation>无法解密一项已存储的机密（它被篡改或属于另一条记录）；请重新创建该机密</translation>
    </message>
    <message>
        <source>a token can only be revoked by its own user</source>
        <translation>令牌只能由其本人撤销</translation>
    </message>
    <message>
        <source>a user named &apos;{name}&apos; already exists; choose another name</source>
        <translation>名为“{name}”的用户已存在；请换一个名称</translation>
    </message>
    <message>
        <source>access key {key} is active: type its id to confirm the deletion (or disable it first)</source>
        <translation>访问密钥 {key} 处于启用状态：请输入其 ID 以确认删除（或先停用）</translation>
    </message>
    <message>
        <source>an automatically generated password must always be changed at next sign-in</source>
        <translation>自动生成的密码必须在下次登录时修改</translation>
    </message>
    <message>
        <source>an input is not valid</source>
        <translation>输入无效</translation>
    </message>
    <message>
        <source>ask for the security key&apos;s options first</source>
        <translation>请先获取安全密钥的选项</translation>
    </message>
    <message>
        <source>cancelled: the security key was not used</source>
        <translation>已取消：未使用安全密钥</translation>
    </message>
    <message>
        <source>cannot open the SMS gateway&apos;s token: {reason}</source>
        <translation>无法打开短信网关的令牌：{reason}</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>cannot sort by &apos;{sort}&apos;: use {choices}</source>
        <translation>无法按“{sort}”排序：请使用 {choices}</translation>
    </message>
    <message>
        <source>cannot use the store ({store}): {reason}</source>
        <translation>无法使用存储（{store}）：{reason}</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
    <message>
        <source>clear either the email or the mobile</source>
        <translation>请选择清除邮箱或手机号码之一</translation>
    </message>
    <message>
        <source>could not reach the SMS gateway {where}: {reason} — check its URL</source>
        <translation>无法连接短信网关 {where}：{reason}——请检查其 URL</translation>
    </message>
    <message>
        <source>could not reach {where}: {reason} — check the SMTP host and port</source>
        <translation>无法连接 {where}：{reason}——请检查 SMTP 主机和端口</translation>
    </message>
    <message>
        <source>email &apos;{email}&apos; is already used by user &apos;{owner}&apos;; use another</source>
        <translation>邮箱“{email}”已被用户“{owner}”使用；请换一个</translation>
    </message>
    <message>
        <source>email &apos;{email}&apos; is the account&apos;s own email; use another</source>
        <translation>邮箱“{email}”是账号自己的邮箱；请换一个</translation>
    </message>
    <message>
        <source>email address &apos;{email}&apos; is not valid: {reason}</source>
        <translation>邮箱地址“{email}”无效：{reason}</translation>
    </message>
    <message>
        <source>emailing the new password is for set-now; {mode} always emails</source>
        <translation>通过邮件发送新密码仅适用于 set-now；{mode} 总会发送邮件</translation>
    </message>
    <message>
        <source>give a login protection method, an API login protection setting, or both</source>
        <translation>请给出登录保护方式、API 登录保护设置，或两者</translation>
    </message>
    <message>
        <source>give an email address, a mobile number, or both to change</source>
        <translation>请给出要更改的邮箱地址、手机号码或两者</translation>
    </message>
    <message>
        <source>give at least one setting to change</source>
        <translation>请至少给出一项要更改的设置</translation>
    </message>
    <message>
        <source>give both an SMTP username and a password, or neither</source>
        <translation>请同时给出 SMTP 用户名和密码，或都不给</translation>
    </message>
    <message>
        <source>give the SMS gateway&apos;s URL (https://…)</source>
        <translation>请提供短信网关的 URL（https://…）</translation>
    </message>
    <message>
        <source>give the SMS gateway&apos;s bearer token</source>
        <translation>请提供短信网关的持有者令牌</translation>
    </message>
    <message>
        <source>helpdesk operators may not {permission} for a {target} operator; ask an administrator</source>
        <translation>服务台操作员不能对 {target} 操作员执行 {permission}；请联系管理员</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>it does not exist</source>
        <translation>不存在</translation>
    </message>
    <message>
        <source>login protection is on for &apos;{name}&apos;: give the code from its device</source>
        <translation>“{name}”已开启登录保护：请输入其设备上的验证码</translation>
    </message>
    <message>
        <source>login protection of &apos;{name}&apos; relies on this key (its only MFA device): change login protection first</source>
        <translation>“{name}”的登录保护依赖此密钥（其唯一的 MFA 设备）：请先更改登录保护</translation>
    </message>
    <message>
        <source>login protection of &apos;{name}&apos; sends codes by {method}: change login protection first, then remove the {field}</source>
        <translation>“{name}”的登录保护通过 {method} 发送验证码：请先更改登录保护，再删除{field}</translation>
    </message>
    <message>
        <source>login protection of &apos;{name}&apos; uses its virtual MFA device: change login protection first</source>
        <translation>“{name}”的登录保护正在使用其虚拟 MFA 设备：请先更改登录保护</translation>
    </message>
    <message>
        <source>mobile number &apos;{mobile}&apos; is not valid: give it in international form, e.g. {example}</source>
        <translation>手机号码“{mobile}”无效：请使用国际格式，例如 {example}</translation>
    </message>
    <message>
        <source>mobile number {mobile} is already used by user &apos;{owner}&apos;</source>
        <translation>手机号码 {mobile} 已被用户“{owner}”使用</translation>
    </message>
    <message>
        <source>mobile number {mobile} is the account&apos;s own mobile number</source>
        <translation>手机号码 {mobile} 是账号自己的手机号码</translation>
    </message>
    <message>
        <source>no key to protect secrets is available on this workstation</source>
        <translation>此工作站上没有可用于保护机密的密钥</translation>
    </message>
    <message>
        <source>no security key &apos;{device}&apos; is plugged in</source>
        <translation>未插入安全密钥“{device}”</translation>
    </message>
    <message>
        <source>no security key is plugged in: insert one and try again</source>
        <translation>未插入安全密钥：请插入后重试</translation>
    </message>
    <message>
        <source>no usable OS keyring here: set IAMDESK_KEY_FILE to a key file</source>
        <translation>此处没有可用的操作系统密钥环：请将 IAMDESK_KEY_FILE 设为密钥文件</translation>
    </message>
    <message>
        <source>no {what} on standard input</source>
        <translation>标准输入中没有{what}</translation>
    </message>
    <message>
        <source>nothing was imported: {first} (bad rows: {count}) — fix the file and import it again</source>
        <translation>未导入任何内容：{first}（错误行数：{count}）——请修正文件后重新导入</translation>
    </message>
    <message>
        <source>only SMS and email codes can be sent again</source>
        <translation>只有短信和邮件验证码可以重新发送</translation>
    </message>
    <message>
        <source>password policy min_age_days must be less than max_age_days ({max}); got {min}</source>
        <translation>密码策略的 min_age_days 必须小于 max_age_days（{max}）；当前为 {min}</translation>
    </message>
    <message>
        <source>put no user name or password in the SMS gateway URL: give the bearer token instead</source>
        <translation>短信网关 URL 中不要包含用户名或密码：请改为提供持有者令牌</translation>
    </message>
    <message>
        <source>refusing plain http to {host}: the bearer token would travel unencrypted — use https:// (plain http only to localhost or 127.0.0.1)</source>
        <translation>拒绝以明文 http 连接 {host}：持有者令牌将以未加密方式传输——请使用 https://（仅 localhost 或 127.0.0.1 可用 http）</translation>
    </message>
    <message>
        <source>refusing to send the SMTP password unencrypted — choose security &apos;starttls&apos; or &apos;tls&apos;</source>
        <translation>拒绝以未加密方式发送 SMTP 密码——请选择安全方式“starttls”或“tls”</translation>
    </message>
    <message>
        <source>security key &apos;{key}&apos; reported an old signature counter: it may have been cloned. It was refused; an administrator should unbind it</source>
        <translation>安全密钥“{key}”报告了旧的签名计数器：它可能已被克隆。已被拒绝；管理员应将其解绑</translation>
    </message>
    <message>
        <source>sending through {where} failed: {reason}</source>
        <translation>通过 {where} 发送失败：{reason}</translation>
    </message>
    <message>
        <source>something else must be done first</source>
        <translation>需要先完成其他操作</translation>
    </message>
    <message>
        <source>status must be {choices}</source>
        <translation>状态必须是 {choices}</translation>
    </message>
    <message>
        <source>the key&apos;s user is disabled: ask an operator to enable it</source>
        <translation>该密钥的用户已停用：请联系管理员启用</translation>
    </message>
    <message>
        <source>too many calls with this key or from this address: wait a minute and call less often</source>
        <translation>使用此密钥或来自此地址的调用过多：请等待一分钟并降低调用频率</translation>
    </message>
    <message>
        <source>{where} must be signed</source>
        <translation>{where} 必须参与签名</translation>
    </message>
    <message>
        <source>the API token is unknown or has expired</source>
        <translation>API 令牌未知或已过期</translation>
    </message>
    <message>
        <source>the API token&apos;s user is disabled or gone</source>
        <translation>API 令牌的用户已停用或已不存在</translation>
    </message>
    <message>
        <source>the CSV header must name the columns {columns} (name is required)</source>
        <translation>CSV 表头必须列出 {columns} 这些列（name 为必填）</translation>
    </message>
    <message>
        <source>the HTTP SMS gateway has no URL and token</source>
        <translation>HTTP 短信网关没有 URL 和令牌</translation>
    </message>
    <message>
        <source>the MFA code is wrong, expired or already used</source>
        <translation>MFA 验证码错误、已过期或已被使用</translation>
    </message>
    <message>
        <source>the OS keyring failed ({reason}): set IAMDESK_KEY_FILE to a key file</source>
        <translation>操作系统密钥环出错（{reason}）：请将 IAMDESK_KEY_FILE 设为密钥文件</translation>
    </message>
    <message>
        <source>the SMS gateway URL has a bad port: &apos;{url}&apos;</source>
        <translation>短信网关 URL 的端口无效：“{url}”</translation>
    </message>
    <message>
        <source>the SMS gateway URL has a fragment (#…) or spaces; remove them</source>
        <translation>短信网关 URL 含有片段（#…）或空格；请删除</translation>
    </message>
    <message>
        <source>the SMS gateway URL must be https://HOST/PATH (plain http only on this machine)</source>
        <translation>短信网关 URL 必须是 https://HOST/PATH（仅本机可用 http）</translation>
    </message>
    <message>
        <source>the SMS gateway timeout must be {min} to {max} seconds</source>
        <translation>短信网关超时必须在 {min} 到 {max} 秒之间</translation>
    </message>
    <message>
        <source>the SMS gateway {where} did not answer within {timeout} s — it stays queued and is retried</source>
        <translation>短信网关 {where} 未在 {timeout} 秒内应答——消息仍在队列中并将重试</translation>
    </message>
    <message>
        <source>the SMS gateway {where} refused the message: HTTP {status} {reason}</source>
        <translation>短信网关 {where} 拒绝了消息：HTTP {status} {reason}</translation>
    </message>
    <message>
        <source>the SMTP host is empty or has spaces</source>
        <translation>SMTP 主机为空或包含空格</translation>
    </message>
    <message>
        <source>the SMTP server refused the login for user &apos;{username}&apos; — check the SMTP username and password</source>
        <translation>SMTP 服务器拒绝了用户“{username}”的登录——请检查 SMTP 用户名和密码</translation>
    </message>
    <message>
        <source>the SMTP server refused the recipient &apos;{recipient}&apos;</source>
        <translation>SMTP 服务器拒绝了收件人“{recipient}”</translation>
    </message>
    <message>
        <source>the SMTP server {where} does not offer STARTTLS — choose security &apos;tls&apos; or &apos;none&apos;</source>
        <translation>SMTP 服务器 {where} 不支持 STARTTLS——请选择安全方式“tls”或“none”</translation>
    </message>
    <message>
        <source>the SMTP server {where} refused: {reason}</source>
        <translation>SMTP 服务器 {where} 拒绝：{reason}</translation>
    </message>
    <message>
        <source>the bearer token is longer than {max} characters</source>
        <translation>持有者令牌超过 {max} 个字符</translation>
    </message>
    <message>
        <source>the bearer token may hold only visible ASCII characters, no spaces or line breaks</source>
        <translation>持有者令牌只能包含可见的 ASCII 字符，不能有空格或换行</translation>
    </message>
    <message>
        <source>the change collides with a record saved at the same time — reload and try again</source>
        <translation>此更改与同时保存的记录冲突——请重新加载后再试</translation>
    </message>
    <message>
        <source>the change collides with existing data</source>
        <translation>此更改与现有数据冲突</translation>
    </message>
    <message>
        <source>login protection sends a code by {method}, but &apos;{name}&apos; has no {field}</source>
        <translation>登录保护通过 {method} 发送验证码，但“{name}”没有{field}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; already has an MFA device named &apos;{device}&apos;; choose another name</source>
        <translation>“{name}”已有名为“{device}”的MFA设备；请换一个名称</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is the account&apos;s own name (it signs in as the root operator); choose another name</source>
        <translation>“{name}”是账号自己的名称（它以根操作员身份登录）；请换一个名称</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is already used in the store</source>
        <translation>“{value}”已被存储中的记录使用</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; repeats line {first} of the file</source>
        <translation>“{value}”与文件第 {first} 行重复</translation>
    </message>
    <message>
        <source>SMTP host &apos;{host}&apos; is not a host name or IP address (letters, digits, - and dots, e.g. smtp.example.com)</source>
        <translation>SMTP 主机“{host}”不是主机名或 IP 地址（字母、数字、- 和点，例如 smtp.example.com）</translation>
    </message>
    <message>
        <source>a generated password must be shown once or emailed, or nobody would know it</source>
        <translation>自动生成的密码必须显示一次或通过邮件发送，否则没有人会知道它</translation>
    </message>
    <message>
        <source>a search has at most {max} characters</source>
        <translation>搜索最多 {max} 个字符</translation>
    </message>
    <message>
        <source>a search may not contain control characters or text that is not UTF-8</source>
        <translation>搜索不能包含控制字符或非 UTF-8 文本</translation>
    </message>
    <message>
        <source>duration_seconds must be at least 900 (15 minutes)</source>
        <translation>duration_seconds 至少为 900（15 分钟）</translation>
    </message>
    <message>
        <source>duration_seconds {requested} is longer than permission set &apos;{set}&apos; allows ({max})</source>
        <translation>duration_seconds {requested} 超过了权限集“{set}”允许的时长（{max}）</translation>
    </message>
    <message>
        <source>email address &apos;{email}&apos; has non-ASCII letters before the @: IAM Desk accepts only plain ASCII there, so that no address can look like another one</source>
        <translation>邮箱地址“{email}”的 @ 前含有非 ASCII 字母：IAM Desk 在此处只接受纯 ASCII，以免地址相互混淆</translation>
    </message>
    <message>
        <source>email address &apos;{email}&apos; is not valid: give one like name@example.com</source>
        <translation>邮件地址“{email}”无效：请填写类似 name@example.com 的地址</translation>
    </message>
    <message>
        <source>line {line} is longer than {max} characters: this is not a user list (name,email,mobile,display_name)</source>
        <translation>第 {line} 行超过 {max} 个字符：这不是用户列表（name,email,mobile,display_name）</translation>
    </message>
    <message>
        <source>line {line}: the file is not readable CSV ({reason})</source>
        <translation>第 {line} 行：文件不是可读的 CSV（{reason}）</translation>
    </message>
    <message>
        <source>only an automatically generated password can be shown once</source>
        <translation>只有自动生成的密码才能显示一次</translation>
    </message>
    <message>
        <source>only the root operator manages the root operator&apos;s virtual MFA device</source>
        <translation>只有根操作员可以管理根操作员的虚拟 MFA 设备</translation>
    </message>
    <message>
        <source>start adding the key again</source>
        <translation>请重新开始添加密钥</translation>
    </message>
    <message>
        <source>temporary access keys need their security token in {where}</source>
        <translation>临时访问密钥需要在 {where} 中提供安全令牌</translation>
    </message>
    <message>
        <source>the SMTP host has {length} characters; a host name has at most {max}</source>
        <translation>SMTP 主机有 {length} 个字符；主机名最多 {max} 个字符</translation>
    </message>
    <message>
        <source>the access key does not exist: check the access key id (AK) the client uses</source>
        <translation>访问密钥不存在：请检查客户端使用的访问密钥 ID（AK）</translation>
    </message>
    <message>
        <source>the access key is disabled: sign with your other key, or ask an operator to enable it</source>
        <translation>访问密钥已停用：请用您的另一个密钥签名，或联系管理员启用</translation>
    </message>
    <message>
        <source>the code has expired: ask for a new one</source>
        <translation>验证码已过期：请重新获取</translation>
    </message>
    <message>
        <source>the code is wrong, expired or already used</source>
        <translation>验证码错误、已过期或已被使用</translation>
    </message>
    <message>
        <source>the code is wrong, expired or already used; {left} attempt(s) left</source>
        <translation>验证码错误、已过期或已被使用；还剩 {left} 次尝试</translation>
    </message>
    <message>
        <source>the code is wrong; {left} attempt(s) left</source>
        <translation>验证码错误；还剩 {left} 次尝试</translation>
    </message>
    <message>
        <source>the current password is wrong; type it again</source>
        <translation>当前密码错误；请重新输入</translation>
    </message>
    <message>
        <source>the email address is empty</source>
        <translation>邮箱地址为空</translation>
    </message>
    <message>
        <source>the email address is longer than {max} characters</source>
        <translation>邮箱地址超过 {max} 个字符</translation>
    </message>
    <message>
        <source>the file has no users below its header</source>
        <translation>文件表头下没有用户</translation>
    </message>
    <message>
        <source>the import was cancelled: nothing was imported</source>
        <translation>导入已取消：未导入任何用户</translation>
    </message>
    <message>
        <source>the key file {path} already exists; IAM Desk never overwrites a key file</source>
        <translation>密钥文件 {path} 已存在；IAM Desk 从不覆盖密钥文件</translation>
    </message>
    <message>
        <source>the key file {path} belongs to another user (uid {uid}), so someone else could have placed or read it: use a key file you created</source>
        <translation>密钥文件 {path} 属于另一个用户（uid {uid}），可能被他人放置或读取：请使用您自己创建的密钥文件</translation>
    </message>
    <message>
        <source>the key file {path} can be read by other users: make it private (chmod 600 {path})</source>
        <translation>密钥文件 {path} 可被其他用户读取：请将其设为私有（chmod 600 {path}）</translation>
    </message>
    <message>
        <source>the key file {path} does not exist: create it with the account, or copy it from the workstation that created the store</source>
        <translation>密钥文件 {path} 不存在：请随账号创建，或从创建存储的工作站复制</translation>
    </message>
    <message>
        <source>the key file {path} is not a regular file</source>
        <translation>密钥文件 {path} 不是普通文件</translation>
    </message>
    <message>
        <source>the key file {path} is not an IAM Desk key file</source>
        <translation>密钥文件 {path} 不是 IAM Desk 密钥文件</translation>
    </message>
    <message>
        <source>the key needs its PIN: enter it when asked</source>
        <translation>密钥需要 PIN：请在提示时输入</translation>
    </message>
    <message>
        <source>the key refused the operation</source>
        <translation>密钥拒绝了此操作</translation>
    </message>
    <message>
        <source>the key was not touched in time: try again</source>
        <translation>未及时触摸密钥：请重试</translation>
    </message>
    <message>
        <source>the key&apos;s PIN is blocked after too many wrong tries: reset the key with its maker&apos;s tool</source>
        <translation>多次输错后密钥的 PIN 已被锁定：请使用制造商的工具重置密钥</translation>
    </message>
    <message>
        <source>the key&apos;s answer did not verify ({reason}); try again</source>
        <translation>安全密钥的应答未通过验证（{reason}）；请重试</translation>
    </message>
    <message>
        <source>the key&apos;s answer did not verify; try again</source>
        <translation>安全密钥的应答未通过验证；请重试</translation>
    </message>
    <message>
        <source>the line has more values than the header has columns</source>
        <translation>该行的值多于表头的列数</translation>
    </message>
    <message>
        <source>the message could not be delivered; it stays queued</source>
        <translation>消息无法投递；它仍在队列中</translation>
    </message>
    <message>
        <source>the mobile number is empty: give it in international form, e.g. {example}</source>
        <translation>手机号码为空：请使用国际格式，例如 {example}</translation>
    </message>
    <message>
        <source>the mobile number is too long: give it in international form, e.g. {example}</source>
        <translation>手机号码过长：请使用国际格式，例如 {example}</translation>
    </message>
    <message>
        <source>the name or password is wrong (names are case-insensitive; check Caps Lock)</source>
        <translation>名称或密码错误（名称不区分大小写；请检查大写锁定键）</translation>
    </message>
    <message>
        <source>the operation was refused</source>
        <translation>操作被拒绝</translation>
    </message>
    <message>
        <source>the password contains characters that are not valid text; type it again</source>
        <translation>密码包含无效的文本字符；请重新输入</translation>
    </message>
    <message>
        <source>the password is a repeated or sequential pattern (like aaaaaaaa or 12345678); choose another</source>
        <translation>该密码是重复或连续的模式（如 aaaaaaaa 或 12345678）；请换一个</translation>
    </message>
    <message>
        <source>the password is on the list of commonly used passwords; choose another</source>
        <translation>该密码在常用密码列表中；请换一个</translation>
    </message>
    <message>
        <source>the password may have the same character at most {max} times in a row; it has {run}</source>
        <translation>同一字符最多可连续出现 {max} 次；当前为 {run} 次</translation>
    </message>
    <message>
        <source>the password may not contain a name tied to this account (such as the account name or the product name); choose something unrelated</source>
        <translation>密码不能包含与此账号相关的名称（如账号名或产品名）；请选择无关的内容</translation>
    </message>
    <message>
        <source>the password may not contain control characters (such as tabs or line breaks) or unassigned characters; remove them</source>
        <translation>密码不能包含控制字符（如制表符或换行符）或未分配的字符；请删除它们</translation>
    </message>
    <message>
        <source>the password may not contain the user name or the user name reversed</source>
        <translation>密码不能包含用户名或倒序的用户名</translation>
    </message>
    <message>
        <source>the password must be at least {min} characters; it has {length}</source>
        <translation>密码至少需要 {min} 个字符；当前为 {length} 个</translation>
    </message>
    <message>
        <source>the password must be at most {max} characters; it has {length}</source>
        <translation>密码最多 {max} 个字符；当前为 {length} 个</translation>
    </message>
    <message>
        <source>the password must be changed before a token is issued: sign in and change it first</source>
        <translation>签发令牌前必须先修改密码：请先登录并修改密码</translation>
    </message>
    <message>
        <source>the password must mix at least {min} of: {types}; it has {count}</source>
        <translation>密码必须至少混合以下 {min} 类字符：{types}；当前为 {count} 类</translation>
    </message>
    <message>
        <source>the password was changed recently: the policy allows the next change from {earliest} UTC</source>
        <translation>密码最近刚修改过：策略允许从 {earliest} UTC 起再次修改</translation>
    </message>
    <message>
        <source>the password was used recently; choose one that differs from the last password</source>
        <translation>该密码最近使用过；请选择与上一个密码不同的密码</translation>
    </message>
    <message>
        <source>the password was used recently; choose one that differs from the last {count} passwords</source>
        <translation>该密码最近使用过；请选择与最近 {count} 个密码都不同的密码</translation>
    </message>
    <message>
        <source>the portal URL has a bad port: &apos;{url}&apos;</source>
        <translation>门户 URL 的端口无效：“{url}”</translation>
    </message>
    <message>
        <source>the portal URL must look like https://iam.example.com (plain http only for localhost)</source>
        <translation>门户 URL 必须形如 https://iam.example.com（仅 localhost 可用 http）</translation>
    </message>
    <message>
        <source>the portal URL must start with https:// (plain http only for localhost)</source>
        <translation>门户 URL 必须以 https:// 开头（仅 localhost 可用 http）</translation>
    </message>
    <message>
        <source>the portal URL takes no user name, query (?…), fragment (#…) or spaces</source>
        <translation>门户 URL 不能包含用户名、查询（?…）、片段（#…）或空格</translation>
    </message>
    <message>
        <source>the presigned URL has expired (X-Amz-Date + X-Amz-Expires, at most 15 minutes, has passed): presign a new one</source>
        <translation>预签名 URL 已过期（X-Amz-Date + X-Amz-Expires，最长 15 分钟，已过）：请重新预签名</translation>
    </message>
    <message>
        <source>the relying party needs an id (a domain) and an https:// origin on that domain</source>
        <translation>依赖方需要一个 ID（域名）以及该域名上的 https:// 来源</translation>
    </message>
    <message>
        <source>the relying-party id must be the portal&apos;s host &apos;{host}&apos; or a domain it is in (like &apos;{parent}&apos;), not &apos;{rp_id}&apos;</source>
        <translation>依赖方 ID 必须是门户的主机“{host}”或其所在的域（如“{parent}”），而不是“{rp_id}”</translation>
    </message>
    <message>
        <source>the request signature does not match: check the secret access key</source>
        <translation>请求签名不匹配：请检查秘密访问密钥</translation>
    </message>
    <message>
        <source>the request time differs from the server&apos;s by more than 15 minutes: check the client&apos;s clock</source>
        <translation>请求时间与服务器时间相差超过 15 分钟：请检查客户端时钟</translation>
    </message>
    <message>
        <source>the root operator uses the console, not the portal</source>
        <translation>根操作员使用控制台，而不是门户</translation>
    </message>
    <message>
        <source>the root operator&apos;s password is set with the account, not here</source>
        <translation>根操作员的密码随账号设置，不在此处设置</translation>
    </message>
    <message>
        <source>the security key answered for another origin</source>
        <translation>安全密钥的应答来自另一个来源</translation>
    </message>
    <message>
        <source>the security key failed ({kind}): unplug it, plug it back in and try again</source>
        <translation>安全密钥出错（{kind}）：请拔下密钥，重新插入后再试</translation>
    </message>
    <message>
        <source>the security key failed or the operation was cancelled</source>
        <translation>安全密钥出错，或操作已取消</translation>
    </message>
    <message>
        <source>the security key was refused ({reason}); {left} attempt(s) left</source>
        <translation>安全密钥被拒绝（{reason}）；还剩 {left} 次尝试</translation>
    </message>
    <message>
        <source>the security key was refused; {left} attempt(s) left</source>
        <translation>安全密钥被拒绝；还可尝试 {left} 次</translation>
    </message>
    <message>
        <source>the security key&apos;s signature did not verify</source>
        <translation>安全密钥的签名未通过验证</translation>
    </message>
    <message>
        <source>the security token does not belong to this access key</source>
        <translation>安全令牌不属于此访问密钥</translation>
    </message>
    <message>
        <source>the sender address &apos;{sender}&apos; is not valid: {reason}</source>
        <translation>发件人地址“{sender}”无效：{reason}</translation>
    </message>
    <message>
        <source>the session duration must be from 15 minutes to 12 hours (900 to 43200 seconds)</source>
        <translation>会话时长必须在 15 分钟到 12 小时之间（900 到 43200 秒）</translation>
    </message>
    <message>
        <source>the sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>the signed request is malformed: {reason}</source>
        <translation>签名请求格式错误：{reason}</translation>
    </message>
    <message>
        <source>the temporary access key has been revoked</source>
        <translation>临时访问密钥已被撤销</translation>
    </message>
    <message>
        <source>the temporary access key has expired</source>
        <translation>临时访问密钥已过期</translation>
    </message>
    <message>
        <source>the time range ends before it starts</source>
        <translation>时间范围的结束早于开始</translation>
    </message>
    <message>
        <source>the token is unknown, revoked or expired</source>
        <translation>令牌未知、已撤销或已过期</translation>
    </message>
    <message>
        <source>the totp method names another user than password</source>
        <translation>totp 方法指定的用户与 password 方法不同</translation>
    </message>
    <message>
        <source>the two codes do not match this device: enter the code shown now, wait for the next one, and enter that too (check the phone&apos;s clock)</source>
        <translation>这两个验证码与此设备不匹配：请输入当前显示的验证码，等待下一个后再输入（并检查手机时间）</translation>
    </message>
    <message>
        <source>the user name or password is wrong</source>
        <translation>用户名或密码错误</translation>
    </message>
    <message>
        <source>the value breaks the account&apos;s policy</source>
        <translation>该值不符合账号的策略</translation>
    </message>
    <message>
        <source>the {name} argument contains a NUL character</source>
        <translation>参数 {name} 包含 NUL 字符</translation>
    </message>
    <message>
        <source>the {name} argument is not valid UTF-8 text</source>
        <translation>参数 {name} 不是有效的 UTF-8 文本</translation>
    </message>
    <message>
        <source>the {policy} policy must be an object of settings</source>
        <translation>{policy} 策略必须是一组设置</translation>
    </message>
    <message>
        <source>the {source} does not match this store: use the key the store was created with</source>
        <translation>{source} 与此存储不匹配：请使用创建存储时的密钥</translation>
    </message>
    <message>
        <source>the {what} has {length} characters; at most {max} are allowed</source>
        <translation>{what}有 {length} 个字符；最多允许 {max} 个</translation>
    </message>
    <message>
        <source>the {what} is empty: use {form}</source>
        <translation>{what}为空：请使用 {form}</translation>
    </message>
    <message>
        <source>the {what} may not contain control or invisible characters</source>
        <translation>{what}不能包含控制字符或不可见字符</translation>
    </message>
    <message>
        <source>there is no permission set named &apos;{name}&apos;</source>
        <translation>不存在名为“{name}”的权限集</translation>
    </message>
    <message>
        <source>there is no temporary credential &apos;{key}&apos;</source>
        <translation>不存在临时凭证“{key}”</translation>
    </message>
    <message>
        <source>there is no user named &apos;{name}&apos;</source>
        <translation>不存在名为“{name}”的用户</translation>
    </message>
    <message>
        <source>this is already your {field}</source>
        <translation>这已经是您的{field}</translation>
    </message>
    <message>
        <source>this key requires a PIN but has none: set one with its maker&apos;s tool</source>
        <translation>此密钥要求 PIN 但尚未设置：请使用制造商的工具设置</translation>
    </message>
    <message>
        <source>this mailer cannot test a connection alone; give an address to send a test email to</source>
        <translation>此邮件发送器无法单独测试连接；请给出接收测试邮件的地址</translation>
    </message>
    <message>
        <source>this security key has a PIN: give it</source>
        <translation>此安全密钥设有 PIN：请提供</translation>
    </message>
    <message>
        <source>this security key is already bound to this user; use another key</source>
        <translation>此安全密钥已绑定到该用户；请使用其他密钥</translation>
    </message>
    <message>
        <source>this security key is already bound; use another key</source>
        <translation>此安全密钥已绑定；请使用其他密钥</translation>
    </message>
    <message>
        <source>this security key is not bound to this user</source>
        <translation>此安全密钥未绑定到该用户</translation>
    </message>
    <message>
        <source>this sign-in does not take a security key</source>
        <translation>此次登录不使用安全密钥</translation>
    </message>
    <message>
        <source>this sign-in has expired or was finished — start again with the password</source>
        <translation>此次登录已过期或已完成——请从密码开始重新登录</translation>
    </message>
    <message>
        <source>this store already has an account</source>
        <translation>此存储已有账号</translation>
    </message>
    <message>
        <source>this store has no account yet</source>
        <translation>此存储还没有账号</translation>
    </message>
    <message>
        <source>this store has no data key yet</source>
        <translation>此存储还没有数据密钥</translation>
    </message>
    <message>
        <source>this store&apos;s secrets are wrapped by a key file: set IAMDESK_KEY_FILE to that file (copy it from the workstation that created the store)</source>
        <translation>此存储的机密由密钥文件保护：请将 IAMDESK_KEY_FILE 设为该文件（从创建存储的工作站复制）</translation>
    </message>
    <message>
        <source>this user was changed by someone else — reload and try again</source>
        <translation>该用户已被他人修改——请重新加载后再试</translation>
    </message>
    <message>
        <source>this workstation&apos;s keyring has no key for this store: copy it from the workstation that created the store, or use a key file (IAMDESK_KEY_FILE)</source>
        <translation>此工作站的密钥环中没有此存储的密钥：请从创建存储的工作站复制，或使用密钥文件（IAMDESK_KEY_FILE）</translation>
    </message>
    <message>
        <source>too many failed sign-ins: locked for {minutes} more minute(s); an operator can unlock it sooner</source>
        <translation>登录失败次数过多：将再锁定 {minutes} 分钟；操作员可以提前解锁</translation>
    </message>
    <message>
        <source>too many failed sign-ins: this user is locked for now</source>
        <translation>登录失败次数过多：该用户暂时被锁定</translation>
    </message>
    <message>
        <source>too many failed sign-ins: this user is locked for now; an operator can unlock it</source>
        <translation>登录失败次数过多：该用户暂时被锁定；操作员可以解锁</translation>
    </message>
    <message>
        <source>too many refused signatures from this address: wait a minute</source>
        <translation>来自此地址的被拒签名过多：请等待一分钟</translation>
    </message>
    <message>
        <source>too many wrong PINs in a row: unplug the key, plug it back in and try again</source>
        <translation>连续输错 PIN 次数过多：请拔下密钥，重新插入后再试</translation>
    </message>
    <message>
        <source>too many wrong codes: start again with the password</source>
        <translation>错误验证码次数过多：请从密码开始重新登录</translation>
    </message>
    <message>
        <source>type the new password to set it now</source>
        <translation>请输入新密码以立即设置</translation>
    </message>
    <message>
        <source>type {word} to unbind the security key</source>
        <translation>输入 {word} 以解绑安全密钥</translation>
    </message>
    <message>
        <source>unexpected error ({kind}); please report it</source>
        <translation>意外错误（{kind}）；请报告此问题</translation>
    </message>
    <message>
        <source>unknown SMS gateway &apos;{name}&apos;; available: {choices}</source>
        <translation>未知的短信网关“{name}”；可用：{choices}</translation>
    </message>
    <message>
        <source>unknown column &apos;{column}&apos;: the columns are {columns}</source>
        <translation>未知的列“{column}”：可用的列为 {columns}</translation>
    </message>
    <message>
        <source>unknown filter &apos;{filter}&apos;: use {choices}</source>
        <translation>未知的筛选条件“{filter}”：请使用 {choices}</translation>
    </message>
    <message>
        <source>unknown login credential: use {choices}</source>
        <translation>未知的登录凭证：请使用 {choices}</translation>
    </message>
    <message>
        <source>unknown login protection &apos;{method}&apos;: use {choices}</source>
        <translation>未知的登录保护“{method}”：请使用 {choices}</translation>
    </message>
    <message>
        <source>unknown operator role &apos;{role}&apos;: use {choices}</source>
        <translation>未知的操作员角色“{role}”：请使用 {choices}</translation>
    </message>
    <message>
        <source>unknown reset mode &apos;{mode}&apos;: use {choices}</source>
        <translation>未知的重置方式“{mode}”：请使用 {choices}</translation>
    </message>
    <message>
        <source>unknown {policy} policy setting &apos;{setting}&apos;; known: {known}</source>
        <translation>未知的 {policy} 策略设置“{setting}”；已知设置：{known}</translation>
    </message>
    <message>
        <source>unsupported database URL scheme in {variable}: use sqlite:///PATH or postgresql://USER@HOST:PORT/DB</source>
        <translation>{variable} 中的数据库 URL 协议不受支持：请使用 sqlite:///PATH 或 postgresql://USER@HOST:PORT/DB</translation>
    </message>
    <message>
        <source>use a host name, not the address {host}: browsers refuse security keys on IP addresses (for this machine: http://localhost:PORT)</source>
        <translation>请使用主机名而不是地址 {host}：浏览器在 IP 地址上拒绝使用安全密钥（本机请用 http://localhost:PORT）</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; already has a security key named &apos;{key}&apos;; choose another name</source>
        <translation>用户“{name}”已有名为“{key}”的安全密钥；请换一个名称</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; already has {max} access keys: delete one first</source>
        <translation>用户“{name}”已有 {max} 个访问密钥：请先删除一个</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; already has {max} security keys: unbind one first</source>
        <translation>用户“{name}”已有 {max} 个安全密钥：请先解绑一个</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; has no access key &apos;{key}&apos;</source>
        <translation>用户“{name}”没有访问密钥“{key}”</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; has no active virtual MFA device: bind and confirm one first</source>
        <translation>用户“{name}”没有已激活的虚拟 MFA 设备：请先绑定并确认</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; has no email address, and this reset emails the user: add an email address first, or set the password now and tell the user yourself</source>
        <translation>用户“{name}”没有邮件地址，而此重置方式需要给用户发邮件：请先添加邮件地址，或现在设置密码并亲自告知用户</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; has no email: add one before choosing email protection</source>
        <translation>用户“{name}”没有邮箱：选择邮件保护前请先添加</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; has no mobile number: add one before choosing SMS protection</source>
        <translation>用户“{name}”没有手机号码：选择短信保护前请先添加</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; has no password to delete</source>
        <translation>用户“{name}”没有可删除的密码</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; has no security key</source>
        <translation>用户“{name}”没有安全密钥</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; has no security key named &apos;{key}&apos;</source>
        <translation>用户“{name}”没有名为“{key}”的安全密钥</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; is assigned to several permission sets ({names}): name one</source>
        <translation>用户“{name}”被分配了多个权限集（{names}）：请指定一个</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; is disabled; ask an administrator to enable it</source>
        <translation>用户“{name}”已停用；请联系管理员启用</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; is not assigned to any permission set, so no temporary access keys can be issued: ask an operator to assign one</source>
        <translation>用户“{name}”未被分配任何权限集，因此无法签发临时访问密钥：请联系操作员分配</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; is not assigned to permission set &apos;{set}&apos;; ask an operator</source>
        <translation>用户“{name}”未被分配权限集“{set}”；请联系操作员</translation>
    </message>
    <message>
        <source>user &apos;{name}&apos; was changed by someone else — reload and try again</source>
        <translation>用户“{name}”已被他人修改——请重新加载后再试</translation>
    </message>
    <message>
        <source>wrong PIN: check it and try again (the key locks after several wrong PINs)</source>
        <translation>PIN 错误：请检查后重试（多次输错 PIN 后密钥会被锁定）</translation>
    </message>
    <message>
        <source>you are not assigned to permission set &apos;{set}&apos;; ask an operator</source>
        <translation>您未被分配权限集“{set}”；请联系操作员</translation>
    </message>
    <message>
        <source>you are not signed in or your session has expired</source>
        <translation>您尚未登录或会话已过期</translation>
    </message>
    <message>
        <source>you cannot change your own operator role; ask another administrator</source>
        <translation>您不能更改自己的操作员角色；请让另一位管理员操作</translation>
    </message>
    <message>
        <source>you cannot delete the user you are signed in as</source>
        <translation>您不能删除当前登录的用户</translation>
    </message>
    <message>
        <source>you cannot delete your own password while signed in</source>
        <translation>登录期间不能删除自己的密码</translation>
    </message>
    <message>
        <source>you cannot disable the user you are signed in as</source>
        <translation>您不能停用当前登录的用户</translation>
    </message>
    <message>
        <source>you have no access key &apos;{key}&apos;</source>
        <translation>您没有访问密钥“{key}”</translation>
    </message>
    <message>
        <source>you have no {field} to remove</source>
        <translation>您没有可删除的{field}</translation>
    </message>
    <message>
        <source>your password must be changed first (an operator reset it, or it expired)</source>
        <translation>必须先修改您的密码（操作员重置了它，或它已过期）</translation>
    </message>
    <message>
        <source>your role ({role}) may not {permission}; ask an administrator</source>
        <translation>您的角色（{role}）无权 {permission}；请联系管理员</translation>
    </message>
    <message>
        <source>you may {permission} only for your own user</source>
        <translation>您只能为自己的用户{permission}</translation>
    </message>
    <message>
        <source>your role does not allow this; ask an administrator</source>
        <translation>您的角色不允许此操作；请联系管理员</translation>
    </message>
    <message>
        <source>your session has ended: sign in again</source>
        <translation>您的会话已结束：请重新登录</translation>
    </message>
    <message>
        <source>{count} security keys are plugged in ({ids}): choose one</source>
        <translation>插入了 {count} 个安全密钥（{ids}）：请选择一个</translation>
    </message>
    <message>
        <source>{mode} makes its own password; do not give one</source>
        <translation>{mode} 会自行生成密码；请不要提供密码</translation>
    </message>
    <message>
        <source>{path} already exists: choose a new file name</source>
        <translation>{path} 已存在：请换一个文件名</translation>
    </message>
    <message>
        <source>{path} is not UTF-8 text; save it as UTF-8 CSV</source>
        <translation>{path} 不是 UTF-8 文本；请另存为 UTF-8 CSV</translation>
    </message>
    <message>
        <source>{policy} policy {setting} must be a whole number from {low} to {high}; got {value}</source>
        <translation>{policy} 策略的 {setting} 必须是 {low} 到 {high} 之间的整数；当前为 {value}</translation>
    </message>
    <message>
        <source>{policy} policy {setting} must be true or false; got {value}</source>
        <translation>{policy} 策略的 {setting} 必须是 true 或 false；当前为 {value}</translation>
    </message>
    <message>
        <source>{what} &apos;{value}&apos; is not allowed: use {form}</source>
        <translation>{what}“{value}”不被允许：请使用 {form}</translation>
    </message>
</context>
<context>
    <name>ErrorWords</name>
    <message>
        <source>1-64 letters, digits and . _ - @, starting with a letter or digit</source>
        <translation>1-64 个字母、数字及 . _ - @，以字母或数字开头</translation>
    </message>
    <message>
        <source>1-64 letters, digits, - and _</source>
        <translation>1-64 个字母、数字、- 和 _</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>account name</source>
        <translation>账号名</translation>
    </message>
    <message>
        <source>security key name</source>
        <translation>安全密钥名称</translation>
    </message>
    <message>
        <source>MFA device name</source>
        <translation>MFA设备名称</translation>
    </message>
    <message>
        <source>display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>sms</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>mfa</source>
        <translation>MFA 设备</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>Exported %1 users to %2.</source>
        <translation>已将 %1 个用户导出到 %2。</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>No MFA</source>
        <translation>无MFA</translation>
    </message>
    <message>
        <source>Password must change</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>No password</source>
        <translation>无密码</translation>
    </message>
    <message>
        <source>Show only</source>
        <translation>仅显示</translation>
    </message>
    <message>
        <source>Show only these users</source>
        <translation>仅显示这些用户</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Any role</source>
        <translation>任意角色</translation>
    </message>
    <message>
        <source>Login protection</source>
        <translation>登录保护</translation>
    </message>
    <message>
        <source>Any login protection</source>
        <translation>任意登录保护</translation>
    </message>
    <message>
        <source>Clear Filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>No filter is on.</source>
        <translation>未启用筛选。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set Up IAM Desk</source>
        <translation>设置 IAM Desk</translation>
    </message>
    <message>
        <source>Create Account</source>
        <translation>创建账号</translation>
    </message>
    <message>
        <source>key file %1</source>
        <translation>密钥文件 %1</translation>
    </message>
    <message>
        <source>the OS keyring</source>
        <translation>操作系统密钥环</translation>
    </message>
    <message>
        <source>not now</source>
        <translation>暂不设置</translation>
    </message>
    <message>
        <source>Account: %1</source>
        <translation>账号：%1</translation>
    </message>
    <message>
        <source>Email: %1</source>
        <translation>邮件地址：%1</translation>
    </message>
    <message>
        <source>Secrets key: %1</source>
        <translation>加密密钥：%1</translation>
    </message>
    <message>
        <source>SMTP: %1</source>
        <translation>SMTP：%1</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>存储：%1</translation>
    </message>
    <message>
        <source>Creating the account…</source>
        <translation>正在创建账号…</translation>
    </message>
</context>
<context>
    <name>ImportUsersDialog</name>
    <message>
        <source>Import Users from CSV</source>
        <translation>从 CSV 导入用户</translation>
    </message>
    <message>
        <source>A UTF-8 CSV file with the header name,email,mobile,display_name (only name is required). Every line is checked first; the users are imported all together or not at all.</source>
        <translation>UTF-8 编码的 CSV 文件，表头为 name,email,mobile,display_name（仅 name 必填）。先检查每一行；用户要么全部导入，要么一个都不导入。</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>Choose File…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Bad lines</source>
        <translation>有问题的行</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import Users</source>
        <translation>导入用户</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Bad lines: %1. Nothing can be imported until the file is fixed (good lines: %2).</source>
        <translation>有问题的行：%1。修正文件之前无法导入（正确的行：%2）。</translation>
    </message>
    <message>
        <source>The file has no users below its header.</source>
        <translation>文件表头下没有用户。</translation>
    </message>
    <message>
        <source>%1 users are ready to import.</source>
        <translation>%1 个用户可以导入。</translation>
    </message>
    <message>
        <source>whole line</source>
        <translation>整行</translation>
    </message>
    <message>
        <source>%1 users were imported.</source>
        <translation>已导入 %1 个用户。</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was imported.</source>
        <translation>导入已取消：未导入任何用户。</translation>
    </message>
    <message>
        <source>Bad lines: %1 (the store changed since the file was checked). Nothing was imported.</source>
        <translation>有问题的行：%1（检查文件之后存储已发生变化）。未导入任何用户。</translation>
    </message>
    <message>
        <source>Reading: %1 lines</source>
        <translation>正在读取：%1 行</translation>
    </message>
    <message>
        <source>Checking against the store…</source>
        <translation>正在与存储中的数据核对…</translation>
    </message>
    <message>
        <source>Writing users: %1 of %2</source>
        <translation>正在写入用户：%1 / %2</translation>
    </message>
    <message>
        <source>Writing the audit log: %1 of %2</source>
        <translation>正在写入审计日志：%1 / %2</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>InlineError</name>
    <message>
        <source>Unexpected failure (%1); see the log.</source>
        <translation>意外错误（%1），请查看日志。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <source>Key storage</source>
        <translation>密钥存放位置</translation>
    </message>
    <message>
        <source>Secrets (MFA seeds, access keys) are encrypted with a key kept outside the store. Choose where that key lives.</source>
        <translation>机密信息（MFA种子、访问密钥）使用存放在存储之外的密钥加密。请选择该密钥的存放位置。</translation>
    </message>
    <message>
        <source>The operating system&apos;s keyring (this workstation)</source>
        <translation>操作系统密钥环（仅限本工作站）</translation>
    </message>
    <message>
        <source>A key file (share it with every workstation that uses this store)</source>
        <translation>密钥文件（需共享给使用此存储的每台工作站）</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>IAMDESK_KEY_FILE names the key file for this session.</source>
        <translation>本次会话使用 IAMDESK_KEY_FILE 指定的密钥文件。</translation>
    </message>
    <message>
        <source>Keep a copy of the key file somewhere safe: without it the encrypted secrets cannot be read.</source>
        <translation>请将密钥文件备份到安全的地方：丢失后，已加密的机密信息将无法读取。</translation>
    </message>
    <message>
        <source>Key File</source>
        <translation>密钥文件</translation>
    </message>
</context>
<context>
    <name>KeyPrompt</name>
    <message>
        <source>Security key PIN</source>
        <translation>安全密钥PIN</translation>
    </message>
    <message>
        <source>Enter the PIN of your security key:</source>
        <translation>请输入安全密钥的PIN：</translation>
    </message>
</context>
<context>
    <name>LoginProtectionSection</name>
    <message>
        <source>Login Protection</source>
        <translation>登录保护</translation>
    </message>
    <message>
        <source>Login protection</source>
        <translation>登录保护</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>不开启</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>手机短信</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>Virtual MFA device or security key</source>
        <translation>虚拟MFA设备或安全密钥</translation>
    </message>
    <message>
        <source>API login protection (asks for a virtual MFA code when the user gets an API token)</source>
        <translation>API登录保护（用户获取API令牌时需输入虚拟MFA验证码）</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Verify sign-ins with</source>
        <translation>登录验证方式</translation>
    </message>
    <message>
        <source>SMS needs a mobile number.</source>
        <translation>手机短信验证需要先绑定手机号。</translation>
    </message>
    <message>
        <source>Email needs an email address.</source>
        <translation>邮件验证需要先绑定邮件地址。</translation>
    </message>
    <message>
        <source>Virtual MFA needs a bound virtual MFA device or security key.</source>
        <translation>虚拟MFA验证需要先绑定虚拟MFA设备或安全密钥。</translation>
    </message>
    <message>
        <source>API login protection needs a bound virtual MFA device.</source>
        <translation>API登录保护需要先绑定虚拟MFA设备。</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>没有修改。</translation>
    </message>
    <message>
        <source>Login protection was changed.</source>
        <translation>登录保护已修改。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>IAM Desk will use %1 the next time it starts.</source>
        <translation>IAM Desk 将在下次启动时使用%1。</translation>
    </message>
    <message>
        <source>IAM Desk</source>
        <translation>IAM Desk</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>发件箱</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>IAM Desk is locked.</source>
        <translation>IAM Desk 已锁定。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>锁定(&amp;L)</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About IAM Desk</source>
        <translation>关于 IAM Desk(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Language (%1)</source>
        <translation>系统语言（%1）</translation>
    </message>
    <message>
        <source>IAMDESK_LANG=%1 is set here and overrides this choice.</source>
        <translation>本工作站设置了 IAMDESK_LANG=%1，它优先于此处的选择。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>root</source>
        <translation>根用户</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>helpdesk</source>
        <translation>服务台</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>已登录：%1（%2）</translation>
    </message>
    <message>
        <source>Outbox: %1 waiting</source>
        <translation>发件箱：%1 封待发送</translation>
    </message>
    <message>
        <source>Some messages could not be delivered; they are retried. See Outbox.</source>
        <translation>部分消息未能送达，系统会自动重试。详情请查看发件箱。</translation>
    </message>
    <message>
        <source>The Outbox says why each message waits.</source>
        <translation>发件箱会说明每封消息等待的原因。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>About IAM Desk</source>
        <translation>关于 IAM Desk</translation>
    </message>
    <message>
        <source>IAM Desk %1 — a console for IAM users&apos; security settings.
Store: %2</source>
        <translation>IAM Desk %1 — IAM用户安全设置管理控制台。
存储：%2</translation>
    </message>
</context>
<context>
    <name>MfaKeysSection</name>
    <message>
        <source>Multi-Factor Authentication</source>
        <translation>多因素认证</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Unbind</source>
        <translation>解绑</translation>
    </message>
    <message>
        <source>Virtual MFA device</source>
        <translation>虚拟MFA设备</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>AAGUID / model</source>
        <translation>AAGUID / 型号</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>最近使用时间</translation>
    </message>
    <message>
        <source>Security keys</source>
        <translation>安全密钥</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Not bound</source>
        <translation>未绑定</translation>
    </message>
    <message>
        <source>Security keys: %1 of %2</source>
        <translation>安全密钥：%1 / %2</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未使用</translation>
    </message>
    <message>
        <source>No security keys</source>
        <translation>无安全密钥</translation>
    </message>
    <message>
        <source>No virtual MFA device is bound.</source>
        <translation>未绑定虚拟MFA设备。</translation>
    </message>
    <message>
        <source>A virtual MFA device is already bound.</source>
        <translation>已绑定虚拟MFA设备。</translation>
    </message>
    <message>
        <source>Continue binding</source>
        <translation>继续绑定</translation>
    </message>
    <message>
        <source>Add MFA Device</source>
        <translation>添加MFA设备</translation>
    </message>
    <message>
        <source>%1: pending — the two codes were not entered yet</source>
        <translation>%1：待绑定 — 尚未输入两个验证码</translation>
    </message>
    <message>
        <source>%1: bound since %2</source>
        <translation>%1：已绑定，绑定于 %2</translation>
    </message>
    <message>
        <source>A virtual MFA device is bound and the user has %1 of %2 security keys.</source>
        <translation>已绑定虚拟MFA设备，且该用户已有 %1 个安全密钥（上限 %2 个）。</translation>
    </message>
    <message>
        <source>Select a security key first.</source>
        <translation>请先选择一个安全密钥。</translation>
    </message>
    <message>
        <source>The virtual MFA device is bound.</source>
        <translation>虚拟MFA设备已绑定。</translation>
    </message>
    <message>
        <source>Reset Virtual MFA Device</source>
        <translation>重置虚拟MFA设备</translation>
    </message>
    <message>
        <source>Replace the virtual MFA device of %1? Codes from the old device stop working.</source>
        <translation>确定要重置 %1 的虚拟MFA设备吗？旧设备生成的验证码将失效。</translation>
    </message>
    <message>
        <source>Reset device</source>
        <translation>重置设备</translation>
    </message>
    <message>
        <source>The virtual MFA device was unbound.</source>
        <translation>虚拟MFA设备已解绑。</translation>
    </message>
    <message>
        <source>Unbind Virtual MFA Device</source>
        <translation>解绑虚拟MFA设备</translation>
    </message>
    <message>
        <source>Unbind the virtual MFA device of %1?</source>
        <translation>确定要解绑 %1 的虚拟MFA设备吗？</translation>
    </message>
    <message>
        <source>Unbind device</source>
        <translation>解绑设备</translation>
    </message>
    <message>
        <source>Security key %1 was added.</source>
        <translation>安全密钥 %1 已添加。</translation>
    </message>
    <message>
        <source>Security key %1 was unbound.</source>
        <translation>安全密钥 %1 已解绑。</translation>
    </message>
    <message>
        <source>Unbind Security Key</source>
        <translation>解绑安全密钥</translation>
    </message>
    <message>
        <source>The key %1 will no longer sign in %2. Type %3 to unbind it:</source>
        <translation>解绑后，%2 将无法再使用安全密钥 %1 登录。请输入 %3 以确认解绑：</translation>
    </message>
    <message>
        <source>Unbind key</source>
        <translation>解绑密钥</translation>
    </message>
</context>
<context>
    <name>NewAccessKeyDialog</name>
    <message>
        <source>Access Key Created — %1</source>
        <translation>访问密钥已创建 — %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;This is the only time the secret access key is shown.&lt;/b&gt; Copy it or save the CSV file now, and keep it safe.</source>
        <translation>&lt;b&gt;秘密访问密钥仅在此时显示一次。&lt;/b&gt;请立即复制或保存CSV文件，并妥善保管。</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>访问密钥ID</translation>
    </message>
    <message>
        <source>Secret access key</source>
        <translation>秘密访问密钥</translation>
    </message>
    <message>
        <source>Access key ID:</source>
        <translation>访问密钥ID：</translation>
    </message>
    <message>
        <source>Secret access key:</source>
        <translation>秘密访问密钥：</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>保存为CSV…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>复制%1</translation>
    </message>
    <message>
        <source>Save Access Key</source>
        <translation>保存访问密钥</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not save %1 (%2): choose another place.</source>
        <translation>无法保存 %1（%2）：请选择其他位置。</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
<context>
    <name>NewUsers</name>
    <message>
        <source>User %1 created.</source>
        <translation>用户 %1 已创建。</translation>
    </message>
    <message>
        <source>User %1 created; they sign in at %2.</source>
        <translation>用户 %1 已创建；该用户在 %2 登录。</translation>
    </message>
    <message>
        <source>%1 users imported.</source>
        <translation>已导入 %1 个用户。</translation>
    </message>
</context>
<context>
    <name>OnceOnlyDialog</name>
    <message>
        <source>Close Without Copying?</source>
        <translation>不复制就关闭？</translation>
    </message>
    <message>
        <source>This secret is shown only now and can never be shown again. Close without copying or saving it?</source>
        <translation>此密钥信息只在此时显示，之后无法再次显示。不复制或保存就关闭吗？</translation>
    </message>
    <message>
        <source>Close without copying</source>
        <translation>不复制，直接关闭</translation>
    </message>
</context>
<context>
    <name>OneTimePasswordDialog</name>
    <message>
        <source>New Password — %1</source>
        <translation>新密码 — %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;This is the only time this password is shown.&lt;/b&gt; Copy it now and give it to %1 in a safe way.</source>
        <translation>&lt;b&gt;此密码只显示这一次。&lt;/b&gt;请立即复制，并以安全的方式交给 %1。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the new password</source>
        <translation>复制新密码</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Also emailed to:</source>
        <translation>同时发送至邮箱：</translation>
    </message>
    <message>
        <source>The user must change it at next sign-in.</source>
        <translation>用户下次登录时必须修改此密码。</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message>
        <source>Being sent; tried again at %1 if it does not go out.</source>
        <translation>正在发送；如未发出，将于 %1 重试。</translation>
    </message>
    <message>
        <source>Delivery failed; it is tried again at %1.</source>
        <translation>发送失败；将于 %1 重试。</translation>
    </message>
    <message>
        <source>Due now: it goes out with the next send.</source>
        <translation>已到发送时间：下次发送时发出。</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>SMTP is not set up: an administrator sets it in Settings.</source>
        <translation>尚未设置 SMTP：需由管理员在“设置”中设置。</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>发件箱</translation>
    </message>
    <message>
        <source>Show messages</source>
        <translation>显示的消息</translation>
    </message>
    <message>
        <source>All messages</source>
        <translation>全部消息</translation>
    </message>
    <message>
        <source>Stored (SMS)</source>
        <translation>已存储（短信）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Send Now</source>
        <translation>立即发送</translation>
    </message>
    <message>
        <source>Deliver every queued message that is due</source>
        <translation>发送所有已到发送时间的排队消息</translation>
    </message>
    <message>
        <source>Outbox messages</source>
        <translation>发件箱消息</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>您的角色不允许此操作。</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Why it waits</source>
        <translation>等待原因</translation>
    </message>
    <message>
        <source>next %1</source>
        <translation>下次尝试 %1</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Sent %1, stored %2, failed %3; %4 still queued.</source>
        <translation>已发送 %1 条，已存储 %2 条，失败 %3 条；仍有 %4 条在排队。</translation>
    </message>
</context>
<context>
    <name>PasswordPage</name>
    <message>
        <source>Root password</source>
        <translation>根用户密码</translation>
    </message>
    <message>
        <source>The root operator can do everything. Choose a long password you do not use anywhere else.</source>
        <translation>根用户拥有全部权限。请设置一个足够长、且未在其他地方使用过的密码。</translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>QrCodeWidget</name>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>Scan it with an authenticator app, or type the secret shown below it.</source>
        <translation>请使用身份验证器应用扫描二维码，或手动输入下方显示的密钥。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset Password — %1</source>
        <translation>重置密码 — %1</translation>
    </message>
    <message>
        <source>Set by user: email a one-time link</source>
        <translation>用户自行设置：通过邮件发送一次性链接</translation>
    </message>
    <message>
        <source>Set now: type the new password</source>
        <translation>现在设置：直接输入新密码</translation>
    </message>
    <message>
        <source>The link or password goes to %1.</source>
        <translation>链接或密码将发送至 %1。</translation>
    </message>
    <message>
        <source>The user chooses a new password from the link. The old password keeps working until the link is used.</source>
        <translation>用户通过链接自行设置新密码。在链接被使用之前，旧密码仍然有效。</translation>
    </message>
    <message>
        <source>Automatically generated</source>
        <translation>自动生成</translation>
    </message>
    <message>
        <source>Email it to the user</source>
        <translation>通过邮件发给用户</translation>
    </message>
    <message>
        <source>Show it here once, to copy</source>
        <translation>在此显示一次，以便复制</translation>
    </message>
    <message>
        <source>This user has no email address: no link can be sent, and a generated password can only be shown here. Add an email address under Login Credentials to send one.</source>
        <translation>此用户没有邮件地址：无法发送链接，自动生成的密码只能在此显示。如需发送，请先在“登录凭证”中添加邮件地址。</translation>
    </message>
    <message>
        <source>SMTP is not set up: an email to %1 waits in the Outbox until it is.</source>
        <translation>尚未设置 SMTP：发往 %1 的邮件将在发件箱中等待，直到设置完成。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Confirm the new password</source>
        <translation>确认新密码</translation>
    </message>
    <message>
        <source>The user must change it at next sign-in</source>
        <translation>用户下次登录时必须修改密码</translation>
    </message>
    <message>
        <source>Also email it to the user</source>
        <translation>同时通过邮件发送给用户</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <source>Also unlock the user (locked until %1)</source>
        <translation>同时解锁该用户（锁定至 %1）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Show password</source>
        <translation>显示密码</translation>
    </message>
    <message>
        <source>Hide password</source>
        <translation>隐藏密码</translation>
    </message>
    <message>
        <source>Choose to email the password, to show it here, or both.</source>
        <translation>请选择通过邮件发送密码、在此显示，或两者都选。</translation>
    </message>
    <message>
        <source>Type the new password.</source>
        <translation>请输入新密码。</translation>
    </message>
    <message>
        <source>The policy is checked when you press Reset.</source>
        <translation>单击“重置”时将校验密码策略。</translation>
    </message>
    <message>
        <source>✓ Meets the password policy.</source>
        <translation>✓ 符合密码策略。</translation>
    </message>
    <message>
        <source>✓ The passwords match.</source>
        <translation>✓ 两次输入的密码一致。</translation>
    </message>
    <message>
        <source>The passwords differ: type the same password twice.</source>
        <translation>两次输入的密码不一致：请输入相同的密码。</translation>
    </message>
    <message>
        <source>A new password was generated and is shown once.</source>
        <translation>已生成新密码，仅显示一次。</translation>
    </message>
    <message>
        <source>A one-time link to set a new password is queued for %1; it works once, until %2. The old password keeps working until the link is used.</source>
        <translation>设置新密码的一次性链接已排队发往 %1；只能使用一次，有效期至 %2。在链接被使用之前，旧密码仍然有效。</translation>
    </message>
    <message>
        <source>It is also queued for %1.</source>
        <translation>它也已排队发往 %1。</translation>
    </message>
    <message>
        <source>Queued — SMTP is not set up; see Outbox.</source>
        <translation>已排队 — 尚未设置 SMTP；请查看发件箱。</translation>
    </message>
    <message>
        <source>The new password is queued for %1.</source>
        <translation>新密码已排队发往 %1。</translation>
    </message>
    <message>
        <source>The new password is set; tell the user yourself.</source>
        <translation>新密码已设置；请亲自告知用户。</translation>
    </message>
    <message>
        <source>The user must change it at next sign-in.</source>
        <translation>用户下次登录时必须修改此密码。</translation>
    </message>
</context>
<context>
    <name>RowMenu</name>
    <message>
        <source>%1 is disabled.</source>
        <translation>%1 已停用。</translation>
    </message>
    <message>
        <source>%1 is enabled.</source>
        <translation>%1 已启用。</translation>
    </message>
    <message>
        <source>%1 is unlocked.</source>
        <translation>%1 已解锁。</translation>
    </message>
    <message>
        <source>Copied %1.</source>
        <translation>已复制 %1。</translation>
    </message>
    <message>
        <source>Copy Email</source>
        <translation>复制邮件地址</translation>
    </message>
    <message>
        <source>Copy Name</source>
        <translation>复制用户名</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Helpdesk operators act on users without an operator role only.</source>
        <translation>服务台操作员只能操作无操作员角色的用户。</translation>
    </message>
    <message>
        <source>No email address is bound.</source>
        <translation>未绑定邮件地址。</translation>
    </message>
    <message>
        <source>Reset Password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Security Settings</source>
        <translation>安全设置</translation>
    </message>
    <message>
        <source>The user is not locked.</source>
        <translation>该用户未被锁定。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
</context>
<context>
    <name>Section</name>
    <message>
        <source>Your role does not allow this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>Helpdesk operators act on users without an operator role only.</source>
        <translation>服务台操作员只能操作无操作员角色的用户。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Password policy</source>
        <translation>密码策略</translation>
    </message>
    <message>
        <source>Minimum length:</source>
        <translation>最小长度：</translation>
    </message>
    <message>
        <source>Maximum length:</source>
        <translation>最大长度：</translation>
    </message>
    <message>
        <source>Character types needed:</source>
        <translation>至少包含的字符种类：</translation>
    </message>
    <message>
        <source>Most repeats in a row (0: any):</source>
        <translation>同一字符最多连续出现次数（0：不限）：</translation>
    </message>
    <message>
        <source>Refuse the last N passwords:</source>
        <translation>不能与最近 N 次的密码相同：</translation>
    </message>
    <message>
        <source>Expires after days (0: never):</source>
        <translation>密码有效期（天，0：永不过期）：</translation>
    </message>
    <message>
        <source>Minimum age in days:</source>
        <translation>密码最短使用期（天）：</translation>
    </message>
    <message>
        <source>Refuse the user name in the password</source>
        <translation>密码不能包含用户名</translation>
    </message>
    <message>
        <source>Refuse common and guessable passwords</source>
        <translation>拒绝常见及易被猜到的密码</translation>
    </message>
    <message>
        <source>Login policy</source>
        <translation>登录策略</translation>
    </message>
    <message>
        <source>Lock after failed sign-ins:</source>
        <translation>登录失败多少次后锁定：</translation>
    </message>
    <message>
        <source>…within minutes:</source>
        <translation>…统计时长（分钟）：</translation>
    </message>
    <message>
        <source>Lock for minutes:</source>
        <translation>锁定时长（分钟）：</translation>
    </message>
    <message>
        <source>Lock an idle console after minutes:</source>
        <translation>控制台空闲多久后锁定（分钟）：</translation>
    </message>
    <message>
        <source>iamctl sessions last hours:</source>
        <translation>iamctl 会话有效期（小时）：</translation>
    </message>
    <message>
        <source>Email (SMTP)</source>
        <translation>邮件（SMTP）</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>加密方式：</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Sender address:</source>
        <translation>发件人地址：</translation>
    </message>
    <message>
        <source>Send a test email to:</source>
        <translation>测试邮件收件人：</translation>
    </message>
    <message>
        <source>empty: only test the connection</source>
        <translation>留空：仅测试连接</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>SMS gateway</source>
        <translation>短信网关</translation>
    </message>
    <message>
        <source>Security keys (relying party)</source>
        <translation>安全密钥（依赖方）</translation>
    </message>
    <message>
        <source>Relying party id (domain):</source>
        <translation>依赖方ID（域名）：</translation>
    </message>
    <message>
        <source>Name shown on keys:</source>
        <translation>在密钥上显示的名称：</translation>
    </message>
    <message>
        <source>Origin (https://…):</source>
        <translation>源（https://…）：</translation>
    </message>
    <message>
        <source>Sign-in portal</source>
        <translation>登录门户</translation>
    </message>
    <message>
        <source>Portal URL:</source>
        <translation>门户URL：</translation>
    </message>
    <message>
        <source>stored; type to replace</source>
        <translation>已保存；输入新值可替换</translation>
    </message>
    <message>
        <source>Password policy saved.</source>
        <translation>密码策略已保存。</translation>
    </message>
    <message>
        <source>Login policy saved.</source>
        <translation>登录策略已保存。</translation>
    </message>
    <message>
        <source>SMTP settings saved.</source>
        <translation>SMTP设置已保存。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>The server accepted a test email for %1.</source>
        <translation>服务器已接受发往 %1 的测试邮件。</translation>
    </message>
    <message>
        <source>The server accepted the connection.</source>
        <translation>服务器已接受连接。</translation>
    </message>
    <message>
        <source>SMS gateway saved.</source>
        <translation>短信网关已保存。</translation>
    </message>
    <message>
        <source>Relying party saved.</source>
        <translation>依赖方设置已保存。</translation>
    </message>
    <message>
        <source>Portal URL saved.</source>
        <translation>门户URL已保存。</translation>
    </message>
    <message>
        <source>Portal URL saved. The relying-party id was %2: %1 security key(s) enrolled under it no longer sign in.</source>
        <translation>门户地址已保存。依赖方 ID 原为 %2：在其下注册的 %1 个安全密钥将无法再用于登录。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>IAM Desk is locked</source>
        <translation>IAM Desk 已锁定</translation>
    </message>
    <message>
        <source>Sign in to IAM Desk</source>
        <translation>登录 IAM Desk</translation>
    </message>
    <message>
        <source>Account or operator name</source>
        <translation>账号名或操作员用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Verification code</source>
        <translation>验证码</translation>
    </message>
    <message>
        <source>Send a New Code</source>
        <translation>重新发送验证码</translation>
    </message>
    <message>
        <source>Use a Security Key</source>
        <translation>使用安全密钥</translation>
    </message>
    <message>
        <source>Touch your security key…</source>
        <translation>请触摸您的安全密钥…</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Confirm new password</source>
        <translation>确认新密码</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign Out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>The console locked itself after a while without use. Type your password to go on.</source>
        <translation>控制台因长时间未操作已自动锁定。请输入密码以继续。</translation>
    </message>
    <message>
        <source>Sign in with the account&apos;s name or an operator&apos;s name.</source>
        <translation>请使用账号名或操作员的用户名登录。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Second step: confirm it is you.</source>
        <translation>第二步：验证您的身份。</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Your password must be changed before you go on. Choose a new one.</source>
        <translation>继续之前必须修改密码。请设置新密码。</translation>
    </message>
    <message>
        <source>Change Password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Type the name and the password, then sign in.</source>
        <translation>请输入用户名和密码，然后登录。</translation>
    </message>
    <message>
        <source>Type the 6-digit code your MFA app shows now, or use a security key.</source>
        <translation>请输入MFA应用当前显示的6位验证码，或使用安全密钥。</translation>
    </message>
    <message>
        <source>We sent a 6-digit code by SMS to %1. Type it here.</source>
        <translation>6位验证码已通过短信发送至 %1，请在此输入。</translation>
    </message>
    <message>
        <source>We emailed a 6-digit code to %1. Type it here.</source>
        <translation>6位验证码已通过邮件发送至 %1，请在此输入。</translation>
    </message>
    <message>
        <source>Type the code, then press Verify.</source>
        <translation>请输入验证码，然后单击“验证”。</translation>
    </message>
    <message>
        <source>A new code was sent to %1. Type it here.</source>
        <translation>新的验证码已发送至 %1，请在此输入。</translation>
    </message>
    <message>
        <source>The two new passwords differ; type the same twice.</source>
        <translation>两次输入的新密码不一致，请输入相同的密码。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SignInLockSection</name>
    <message>
        <source>Sign-in Lock</source>
        <translation>登录锁定</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Failed sign-ins</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Locked after too many failed sign-ins, until %1.</source>
        <translation>登录失败次数过多，已锁定至 %1。</translation>
    </message>
    <message>
        <source>Not locked.</source>
        <translation>未锁定。</translation>
    </message>
    <message>
        <source>Last failed sign-in: %1. Counted towards the next lock: %2.</source>
        <translation>最近一次登录失败：%1。计入下次锁定的失败次数：%2。</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>无记录</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <source>The user is not locked.</source>
        <translation>该用户未被锁定。</translation>
    </message>
    <message>
        <source>Clear the lock and the failed sign-ins counted so far.</source>
        <translation>解除锁定，并清零已计的登录失败次数。</translation>
    </message>
    <message>
        <source>%1 is unlocked.</source>
        <translation>%1 已解锁。</translation>
    </message>
</context>
<context>
    <name>SmsGatewayForm</name>
    <message>
        <source>Built-in: keep messages in the outbox</source>
        <translation>内置：消息保留在发件箱中</translation>
    </message>
    <message>
        <source>HTTP gateway (JSON POST)</source>
        <translation>接口网关（向 URL 推送）</translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation>网关：</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL：</translation>
    </message>
    <message>
        <source>Bearer token:</source>
        <translation>访问令牌：</translation>
    </message>
    <message>
        <source>Timeout (seconds):</source>
        <translation>超时（秒）：</translation>
    </message>
    <message>
        <source>Send a test SMS to:</source>
        <translation>发送测试短信至：</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>stored; type to replace</source>
        <translation>已保存；输入新值可替换</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>The built-in gateway stores messages only: nothing was sent.</source>
        <translation>内置网关只保存消息：未发送任何短信。</translation>
    </message>
    <message>
        <source>The gateway accepted a test SMS for %1.</source>
        <translation>网关已接受发往 %1 的测试短信。</translation>
    </message>
</context>
<context>
    <name>SmtpPage</name>
    <message>
        <source>Email (optional)</source>
        <translation>邮件（可选）</translation>
    </message>
    <message>
        <source>IAM Desk emails set-password links and sign-in codes through your SMTP server. You can also set this later under Settings.</source>
        <translation>IAM Desk 通过您的SMTP服务器发送设置密码链接和登录验证码。您也可以稍后在“设置”中配置。</translation>
    </message>
    <message>
        <source>Set up SMTP now</source>
        <translation>现在配置SMTP</translation>
    </message>
    <message>
        <source>SMTP host</source>
        <translation>SMTP主机</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>SMTP username</source>
        <translation>SMTP用户名</translation>
    </message>
    <message>
        <source>SMTP password</source>
        <translation>SMTP密码</translation>
    </message>
    <message>
        <source>Sender address</source>
        <translation>发件人地址</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>加密方式：</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Sender:</source>
        <translation>发件人：</translation>
    </message>
</context>
<context>
    <name>TemporaryCredentialsSection</name>
    <message>
        <source>Temporary Access Credentials</source>
        <translation>临时访问凭证</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Access key ID</source>
        <translation>访问密钥ID</translation>
    </message>
    <message>
        <source>Permission set</source>
        <translation>权限集</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>签发时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Temporary access credentials</source>
        <translation>临时访问凭证</translation>
    </message>
    <message>
        <source>%1 in force</source>
        <translation>生效中：%1 个</translation>
    </message>
    <message>
        <source>No temporary credentials in force</source>
        <translation>无生效中的临时访问凭证</translation>
    </message>
    <message>
        <source>Select a temporary credential first.</source>
        <translation>请先选择一个临时访问凭证。</translation>
    </message>
    <message>
        <source>Temporary credential %1 was revoked.</source>
        <translation>临时访问凭证 %1 已撤销。</translation>
    </message>
    <message>
        <source>Revoke Temporary Credential</source>
        <translation>撤销临时访问凭证</translation>
    </message>
    <message>
        <source>Revoke the temporary credential %1 now?</source>
        <translation>确定要立即撤销临时访问凭证 %1 吗？</translation>
    </message>
    <message>
        <source>Revoke credential</source>
        <translation>撤销凭证</translation>
    </message>
</context>
<context>
    <name>TypedConfirmDialog</name>
    <message>
        <source>Confirmation word</source>
        <translation>确认词</translation>
    </message>
    <message>
        <source>Type %1 first.</source>
        <translation>请先输入 %1。</translation>
    </message>
</context>
<context>
    <name>UserDetailsDialog</name>
    <message>
        <source>User — %1</source>
        <translation>用户 — %1</translation>
    </message>
    <message>
        <source>Basic Information</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Security Settings</source>
        <translation>安全设置</translation>
    </message>
    <message>
        <source>Audit History</source>
        <translation>审计历史</translation>
    </message>
    <message>
        <source>Every audited event about this user</source>
        <translation>与该用户相关的全部审计事件</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The changes to %1 on Basic Information are not saved. Discard them?</source>
        <translation>%1 的“基本信息”中有未保存的更改。要放弃这些更改吗？</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃更改</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n 个安全密钥</numerusform>
        </translation>
    </message>
    <message>
        <source>Access keys</source>
        <translation>访问密钥</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Click to open this user&apos;s details</source>
        <translation>单击打开该用户的详情</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮件地址</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Helpdesk</source>
        <translation>服务台</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>最近登录时间</translation>
    </message>
    <message>
        <source>Locked after too many failed sign-ins</source>
        <translation>登录失败次数过多，已锁定</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Login protection</source>
        <translation>登录保护</translation>
    </message>
    <message>
        <source>MFA (virtual / keys)</source>
        <translation>多因素认证</translation>
    </message>
    <message>
        <source>MFA device</source>
        <translation>MFA设备</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未登录</translation>
    </message>
    <message>
        <source>No operator role</source>
        <translation>无操作员角色</translation>
    </message>
    <message>
        <source>Not bound</source>
        <translation>未绑定</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>未开启</translation>
    </message>
    <message>
        <source>Open this user&apos;s security settings</source>
        <translation>打开该用户的安全设置</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>手机短信</translation>
    </message>
    <message>
        <source>Security Settings</source>
        <translation>安全设置</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>This column cannot be sorted</source>
        <translation>此列不支持排序</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Virtual (pending)</source>
        <translation>虚拟MFA（待确认）</translation>
    </message>
    <message>
        <source>Virtual</source>
        <translation>虚拟MFA</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>IAM user login link:</source>
        <translation>IAM用户登录链接：</translation>
    </message>
    <message>
        <source>IAM user login link</source>
        <translation>IAM用户登录链接</translation>
    </message>
    <message>
        <source>Login link copied.</source>
        <translation>登录链接已复制。</translation>
    </message>
    <message>
        <source>Create User</source>
        <translation>创建用户</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出CSV…</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>Search users</source>
        <translation>搜索用户</translation>
    </message>
    <message>
        <source>Search name, display name, email or mobile</source>
        <translation>搜索用户名、显示名称、邮件地址或手机号</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新（F5）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>%1 users</source>
        <translation>共 %1 个用户</translation>
    </message>
    <message>
        <source>More than %1 users match</source>
        <translation>超过 %1 个用户符合条件</translation>
    </message>
    <message>
        <source>%1 users match</source>
        <translation>%1 个用户符合条件</translation>
    </message>
    <message>
        <source>User %1 deleted.</source>
        <translation>用户 %1 已删除。</translation>
    </message>
    <message>
        <source>Export Users</source>
        <translation>导出用户</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>_Section</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
</TS>
