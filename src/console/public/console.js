// fixline agent console: the page at /console. Plain ES2020, no build step, no framework.
// The Content-Security-Policy forbids inline scripts and styles, so everything is built with DOM
// calls; every text that comes from users, agents or the server is set with textContent, never
// parsed as HTML. The server is the authority on permissions: the page only hides what a role
// cannot do.
'use strict';

(() => {
  const API = '/api/console';
  const LANG_KEY = 'fixline.console.lang';
  const TICK_MS = 30_000;
  const STREAM_RETRY_MS = 3_000;
  const DEFAULT_TZ = 'Asia/Shanghai';

  // ---- the page's own words ------------------------------------------------------------------------
  const TEXT = {
    'zh-CN': {
      appName: '客服台',
      title: 'fixline 客服台',
      navLabel: '主导航',
      signInTitle: '登录客服台',
      username: '用户名',
      password: '密码',
      signIn: '登录',
      signingIn: '正在登录…',
      signOut: '退出',
      otherLang: 'English',
      errCredentials: '用户名或密码错误。',
      errThrottled: '登录失败次数过多，请 {minutes} 分钟后再试。',
      errLoginEmpty: '请输入用户名和密码。',
      errNetwork: '网络连接失败，请检查网络后重试。',
      errServer: '服务暂时不可用，请稍后重试。',
      sessionExpired: '登录已过期，请重新登录。',
      signedOut: '已退出登录。',
      live: '实时更新',
      connecting: '连接中…',
      reconnecting: '重连中…',
      navQueue: '对话队列',
      navTickets: '工单',
      navAccounts: '账号管理',
      role_agent: '客服',
      role_engineer: '工程师',
      role_supervisor: '主管',
      role_admin: '管理员',
      channel_webchat: '网页',
      channel_telegram: 'Telegram',
      channel_line: 'LINE',
      lang_zh: '中文',
      lang_en: 'English',
      loading: '加载中…',
      loadFailed: '加载失败：{message}',
      retry: '重试',
      back: '返回',
      // queue
      queueTitle: '对话队列',
      waitingHeading: '等待接手',
      handlingHeading: '处理中',
      undeliveredHeading: '消息未送达',
      queueEmpty: '目前没有人在等待人工客服。',
      queueEmptyHint: '新的请求会自动出现在这里。',
      waitingFor: '已等 {d}',
      handledBy: '{name} 处理中',
      handledByMe: '我正在处理',
      someone: '另一位同事',
      unnamed: '未留名',
      noTicket: '无工单',
      noMessages: '（还没有消息）',
      pickConversation: '从左侧队列中选择一个对话。',
      newRequest: '新的人工请求：{name}',
      // conversation
      claim: '接手',
      claimed: '已接手这个对话。',
      alreadyClaimed: '{name} 已接手这个对话。',
      transferTo: '转接给…',
      transfer: '转接',
      transferred: '已转接给 {name}。',
      chooseColleague: '请选择要转接的同事。',
      release: '交还机器人',
      released: '已交还机器人，机器人会告诉用户并回到主菜单。',
      modeReply: '回复用户',
      modeNote: '内部备注',
      canned: '常用回复…',
      cannedLabel: '插入常用回复',
      placeholderReply: '输入回复，Enter 发送，Shift+Enter 换行',
      placeholderNote: '内部备注，只有同事能看到。Enter 保存',
      send: '发送',
      saveNote: '添加备注',
      composerLabel: '消息内容',
      sendHint: 'Enter 发送 · Shift+Enter 换行',
      noteHint: '备注不会发给用户 · Enter 保存 · Shift+Enter 换行',
      readOnlyEngineer: '工程师可以查看对话，但不能接手或回复。',
      claimToReply: '接手后才能回复用户；内部备注随时可以添加。',
      ownedByOther: '{name} 正在处理这个对话；你可以添加内部备注。',
      statusWaiting: '等待人工 · 已等 {d}',
      statusHuman: '{name} 处理中',
      statusBot: '机器人对话中',
      me: '我',
      from_user: '用户',
      from_bot: '机器人',
      from_agent: '客服',
      from_system: '系统',
      noteTag: '内部备注',
      undelivered: '未送达',
      failedBanner: '{n} 条消息未能送达用户',
      undeliveredCount: '{n} 条未送达',
      markSeen: '已知晓',
      markedSeen: '已标记为已知晓',
      failedReason: '原因：{reason}',
      photo: '照片',
      photoBroken: '照片无法显示',
      choicesOffered: '提供的选项',
      sideTickets: '关联工单',
      sideNoTickets: '这位用户还没有工单。',
      sideCollected: '机器人收集的信息',
      sideFlow: '当前流程',
      sideNothing: '暂无',
      sideDetails: '对话信息',
      channel: '渠道',
      language: '语言',
      requestedAt: '请求人工',
      lastMessage: '最后消息',
      empty: '（空消息）',
      messageSent: '已发送。',
      noteSaved: '备注已保存。',
      // tickets
      ticketsTitle: '工单',
      allStatuses: '全部状态',
      allSeverities: '全部等级',
      allContracts: '全部合同',
      allSites: '全部地点',
      allAssignees: '全部负责人',
      unassigned: '未指派',
      assignedToMe: '指派给我',
      openOnly: '只看未完成',
      searchPlaceholder: '搜索工单号、描述、报修人',
      searchLabel: '搜索',
      clearFilters: '清除筛选',
      filterStatus: '状态',
      filterSeverity: '等级',
      filterContract: '合同',
      filterSite: '地点',
      filterAssignee: '负责人',
      ticketCount: '{n} 张工单',
      noTickets: '没有符合条件的工单。',
      colNumber: '工单',
      colStatus: '状态',
      colWhat: '设备与地点',
      colReporter: '报修人',
      colAssignee: '负责人',
      colClocks: 'SLA 时限',
      severityShort: '{s}级',
      clock_response: '响应',
      clock_onSite: '上门',
      clock_repair: '修复',
      clock_loaner: '备用机',
      clockLeft: '还剩 {d}',
      clockOverdue: '已超时 {d}',
      clockDone: '已完成 {at}',
      clockDoneLate: '超时完成 {at}',
      clockStopped: '不再计时',
      lessThanMinute: '不到 1 分钟',
      // ticket detail
      backToTickets: '返回工单列表',
      facts: '故障信息',
      description: '问题描述',
      device: '设备',
      deviceKind: '设备类型',
      severityWarranty: '等级与保修判定',
      place: '地点',
      reporter: '报修人',
      reportedAt: '报修时间',
      contract: '合同',
      symptom: '现象',
      usable: '能否使用',
      scope: '影响范围',
      cause: '原因',
      majorEvent: '重大活动',
      accessory: '配件',
      yes: '是',
      no: '否',
      usableYes: '能用，但有问题',
      usableNo: '完全不能用',
      severity: '故障等级',
      warranty: '保修判定',
      billable: '收费',
      billableYes: '按成本收费',
      billableNo: '免费',
      overridden: '已人工调整',
      reasons: '判定依据',
      clause: '第 {c} 条',
      clocks: 'SLA 时限',
      due: '时限 {at}',
      engineer: '工程师',
      appointment: '预约上门',
      noEngineer: '尚未派工',
      assignee: '负责人',
      photos: '照片',
      noPhotos: '没有照片。',
      events: '处理记录',
      eventTime: '时间',
      eventWho: '操作人',
      eventWhat: '内容',
      eventWhy: '原因/备注',
      report: '问题报告',
      openConversation: '打开对话',
      actor_bot: '机器人',
      actor_system: '系统',
      ev_created: '登记工单：{severity}级，{warranty}',
      ev_assigned: '指派给 {to}',
      ev_unassigned: '取消指派',
      ev_status_changed: '状态：{from} → {to}',
      ev_dispatched: '派工程师 {engineer}，预约 {at}',
      ev_visit_rescheduled: '改约上门时间：{at}',
      ev_severity_overridden: '调整故障等级：{from} → {to}',
      ev_severity_escalated: '自动升级故障等级：{from} → {to}',
      ev_warranty_overridden: '调整保修判定：{from} → {to}',
      ev_closed: '关闭工单',
      ev_first_response: '首次响应',
      ev_other: '{kind}',
      reportLine: '问题类型：{problemType}；原因：{cause}；解决方法：{solution}；损失评估：{lossAssessment}',
      commands: '操作',
      noCommands: '当前状态下没有可执行的操作。',
      closedNote: '工单已关闭。',
      notYourTicket: '这张工单没有派给你，只能查看。',
      engineerCanDo: '到场、等待配件、已解决和问题报告由派到的工程师填写。',
      moveTitle: '变更状态',
      moveNote: '备注（可选）',
      dispatchTitle: '派工程师上门',
      redispatchTitle: '改派工程师',
      chooseEngineer: '选择工程师…',
      noEngineers: '还没有工程师账号。',
      appointmentAt: '预约时间（{tz}）',
      doDispatch: '派工',
      rescheduleTitle: '改约上门时间',
      doReschedule: '改约',
      assignTitle: '指派负责人',
      doAssign: '指派',
      overrideSeverityTitle: '调整故障等级',
      overrideWarrantyTitle: '调整保修判定',
      reasonRequired: '原因（必填）',
      doOverride: '调整',
      closeTitle: '关闭工单',
      closeHint: '按合同第 5.10 条填写问题报告，四项都必填。',
      problemType: '问题类型',
      reportCause: '原因',
      solution: '解决方法',
      lossAssessment: '损失评估',
      doClose: '关闭工单',
      needReport: '问题报告还缺：{fields}。',
      needReason: '请填写调整原因。',
      needEngineer: '请选择工程师。',
      needTime: '请选择预约时间。',
      needNewValue: '请选择新的值。',
      listSep: '、',
      stale: '工单刚被其他人更新过，已重新加载。请确认后再操作。',
      moved: '状态已改为「{status}」。',
      dispatched: '已派 {engineer}，预约 {at}。',
      rescheduled: '已改约到 {at}。',
      assigned: '已指派给 {name}。',
      unassignedDone: '已取消指派。',
      severityChanged: '故障等级已调整为 {s}。',
      warrantyChanged: '保修判定已调整为「{w}」。',
      closedDone: '工单已关闭。',
      // accounts
      accountsTitle: '账号管理',
      accountsOnlyAdmin: '只有管理员可以管理账号。',
      createTitle: '新建账号',
      displayName: '显示名',
      role: '角色',
      initialPassword: '初始密码（至少 12 位）',
      create: '创建账号',
      created: '已创建账号「{name}」。',
      state: '状态',
      active: '在用',
      inactive: '已停用',
      deactivate: '停用',
      reactivate: '启用',
      resetPassword: '重置密码',
      newPassword: '新密码（至少 12 位）',
      setPassword: '设置新密码',
      cancel: '取消',
      passwordReset: '已重置「{name}」的密码，其登录已全部退出。',
      roleChanged: '已将「{name}」的角色改为{role}。',
      langChanged: '已将「{name}」的语言改为{lang}。',
      deactivated: '已停用「{name}」，其登录已全部退出。',
      reactivated: '已启用「{name}」。',
      you: '（你）',
      errUsername: '用户名为 3–40 位字母、数字、点、横线或下划线。',
      errDisplayName: '请填写显示名。',
      errPassword: '密码至少 12 位。',
      // errors
      errForbidden: '你的角色不能执行这个操作。',
      errNotFound: '找不到这条记录。',
      errNotOwner: '请先接手这个对话。',
      errEmpty: '内容是空的。',
      errTooLong: '消息太长了（最多 4000 个字）。',
      errChanged: '这个对话刚刚换了处理人，已重新加载。',
      errInvalidAgent: '这位同事不能接手对话或工单。',
      errInvalidTransition: '当前状态下不能这样操作。',
      errInvalidEngineer: '请选择一位在岗的工程师。',
      errUnchanged: '和当前值相同，无需调整。',
      errClosed: '工单已关闭。',
      errTaken: '用户名「{u}」已被使用。',
      errSelf: '不能停用自己，也不能取消自己的管理员角色。',
      errCsrf: '请求缺少安全令牌，请刷新页面后重试。',
      errGeneric: '操作失败：{message}',
    },
    en: {
      appName: 'Agent console',
      title: 'fixline agent console',
      navLabel: 'Main navigation',
      signInTitle: 'Sign in to the console',
      username: 'User name',
      password: 'Password',
      signIn: 'Sign in',
      signingIn: 'Signing in…',
      signOut: 'Sign out',
      otherLang: '中文',
      errCredentials: 'Wrong user name or password.',
      errThrottled: 'Too many failed sign-ins. Try again in {minutes} minutes.',
      errLoginEmpty: 'Enter your user name and password.',
      errNetwork: 'The network is not reachable. Check your connection and try again.',
      errServer: 'The service is unavailable right now. Try again shortly.',
      sessionExpired: 'Your session has ended. Please sign in again.',
      signedOut: 'You are signed out.',
      live: 'Live',
      connecting: 'Connecting…',
      reconnecting: 'Reconnecting…',
      navQueue: 'Queue',
      navTickets: 'Tickets',
      navAccounts: 'Accounts',
      role_agent: 'Agent',
      role_engineer: 'Engineer',
      role_supervisor: 'Supervisor',
      role_admin: 'Admin',
      channel_webchat: 'Web chat',
      channel_telegram: 'Telegram',
      channel_line: 'LINE',
      lang_zh: 'Chinese',
      lang_en: 'English',
      loading: 'Loading…',
      loadFailed: 'Could not load: {message}',
      retry: 'Retry',
      back: 'Back',
      queueTitle: 'Queue',
      waitingHeading: 'Waiting',
      handlingHeading: 'Being handled',
      undeliveredHeading: 'Not delivered',
      queueEmpty: 'Nobody is waiting for an agent.',
      queueEmptyHint: 'New requests appear here by themselves.',
      waitingFor: 'waiting {d}',
      handledBy: 'with {name}',
      handledByMe: 'with me',
      someone: 'Another agent',
      unnamed: 'No name given',
      noTicket: 'No ticket',
      noMessages: '(no messages yet)',
      pickConversation: 'Pick a conversation from the queue.',
      newRequest: 'New request: {name}',
      claim: 'Claim',
      claimed: 'You have this conversation now.',
      alreadyClaimed: '{name} is already handling this conversation.',
      transferTo: 'Transfer to…',
      transfer: 'Transfer',
      transferred: 'Transferred to {name}.',
      chooseColleague: 'Choose the colleague to transfer to.',
      release: 'Hand back to bot',
      released: 'Handed back: the bot tells the user and returns to its menu.',
      modeReply: 'Reply',
      modeNote: 'Internal note',
      canned: 'Canned replies…',
      cannedLabel: 'Insert a canned reply',
      placeholderReply: 'Type a reply — Enter sends, Shift+Enter for a new line',
      placeholderNote: 'Internal note, only colleagues see it — Enter saves',
      send: 'Send',
      saveNote: 'Add note',
      composerLabel: 'Message',
      sendHint: 'Enter sends · Shift+Enter new line',
      noteHint: 'Never sent to the user · Enter saves · Shift+Enter new line',
      readOnlyEngineer: 'Engineers can read conversations but not take or answer them.',
      claimToReply: 'Claim the conversation to reply; internal notes can be added any time.',
      ownedByOther: '{name} is handling this conversation; you can add internal notes.',
      statusWaiting: 'Waiting for an agent · {d}',
      statusHuman: 'With {name}',
      statusBot: 'With the bot',
      me: 'me',
      from_user: 'User',
      from_bot: 'Bot',
      from_agent: 'Agent',
      from_system: 'System',
      noteTag: 'Internal note',
      undelivered: 'Not delivered',
      failedBanner: '{n} message(s) could not be delivered to the user',
      undeliveredCount: '{n} not delivered',
      markSeen: 'Mark as seen',
      markedSeen: 'Marked as seen',
      failedReason: 'Reason: {reason}',
      photo: 'Photo',
      photoBroken: 'The photo cannot be shown',
      choicesOffered: 'Options offered',
      sideTickets: 'Tickets',
      sideNoTickets: 'This user has no tickets yet.',
      sideCollected: 'What the bot collected',
      sideFlow: 'Current flow',
      sideNothing: 'Nothing yet',
      sideDetails: 'Conversation',
      channel: 'Channel',
      language: 'Language',
      requestedAt: 'Asked for an agent',
      lastMessage: 'Last message',
      empty: '(empty message)',
      messageSent: 'Sent.',
      noteSaved: 'Note saved.',
      ticketsTitle: 'Tickets',
      allStatuses: 'All statuses',
      allSeverities: 'All severities',
      allContracts: 'All contracts',
      allSites: 'All sites',
      allAssignees: 'Anyone',
      unassigned: 'Unassigned',
      assignedToMe: 'Assigned to me',
      openOnly: 'Open only',
      searchPlaceholder: 'Search number, description, reporter',
      searchLabel: 'Search',
      clearFilters: 'Clear filters',
      filterStatus: 'Status',
      filterSeverity: 'Severity',
      filterContract: 'Contract',
      filterSite: 'Site',
      filterAssignee: 'Assignee',
      ticketCount: '{n} tickets',
      noTickets: 'No tickets match.',
      colNumber: 'Ticket',
      colStatus: 'Status',
      colWhat: 'Device and place',
      colReporter: 'Reporter',
      colAssignee: 'Assignee',
      colClocks: 'SLA clocks',
      severityShort: '{s}',
      clock_response: 'Response',
      clock_onSite: 'On site',
      clock_repair: 'Repair',
      clock_loaner: 'Loaner',
      clockLeft: '{d} left',
      clockOverdue: 'overdue by {d}',
      clockDone: 'done {at}',
      clockDoneLate: 'done late {at}',
      clockStopped: 'stopped',
      lessThanMinute: 'under 1 min',
      backToTickets: 'Back to tickets',
      facts: 'The fault',
      description: 'Problem',
      device: 'Device',
      deviceKind: 'Kind of device',
      severityWarranty: 'Severity and warranty',
      place: 'Where',
      reporter: 'Reporter',
      reportedAt: 'Reported',
      contract: 'Contract',
      symptom: 'Symptom',
      usable: 'Usable',
      scope: 'Scope',
      cause: 'Cause',
      majorEvent: 'Major event',
      accessory: 'Accessory',
      yes: 'yes',
      no: 'no',
      usableYes: 'yes, with problems',
      usableNo: 'not at all',
      severity: 'Severity',
      warranty: 'Warranty',
      billable: 'Billable',
      billableYes: 'parts charged at cost',
      billableNo: 'free of charge',
      overridden: 'overridden',
      reasons: 'Why',
      clause: 'clause {c}',
      clocks: 'SLA clocks',
      due: 'due {at}',
      engineer: 'Engineer',
      appointment: 'Visit',
      noEngineer: 'not dispatched yet',
      assignee: 'Assignee',
      photos: 'Photos',
      noPhotos: 'No photos.',
      events: 'Event log',
      eventTime: 'Time',
      eventWho: 'Who',
      eventWhat: 'What',
      eventWhy: 'Reason / note',
      report: 'Problem report',
      openConversation: 'Open the conversation',
      actor_bot: 'Bot',
      actor_system: 'System',
      ev_created: 'Registered: severity {severity}, {warranty}',
      ev_assigned: 'Assigned to {to}',
      ev_unassigned: 'Unassigned',
      ev_status_changed: 'Status: {from} → {to}',
      ev_dispatched: 'Dispatched {engineer}, visit {at}',
      ev_visit_rescheduled: 'Visit rescheduled to {at}',
      ev_severity_overridden: 'Severity overridden: {from} → {to}',
      ev_severity_escalated: 'Severity escalated: {from} → {to}',
      ev_warranty_overridden: 'Warranty overridden: {from} → {to}',
      ev_closed: 'Closed',
      ev_first_response: 'First response',
      ev_other: '{kind}',
      reportLine: 'Problem type: {problemType}; cause: {cause}; solution: {solution}; loss assessment: {lossAssessment}',
      commands: 'Actions',
      noCommands: 'Nothing can be done in this status.',
      closedNote: 'The ticket is closed.',
      notYourTicket: 'This ticket is not dispatched to you: you can only read it.',
      engineerCanDo: 'The dispatched engineer records arrival, waiting for parts, resolution and the report.',
      moveTitle: 'Change the status',
      moveNote: 'Note (optional)',
      dispatchTitle: 'Dispatch an engineer',
      redispatchTitle: 'Dispatch another engineer',
      chooseEngineer: 'Choose an engineer…',
      noEngineers: 'There are no engineer accounts yet.',
      appointmentAt: 'Visit at ({tz})',
      doDispatch: 'Dispatch',
      rescheduleTitle: 'Reschedule the visit',
      doReschedule: 'Reschedule',
      assignTitle: 'Assign',
      doAssign: 'Assign',
      overrideSeverityTitle: 'Override the severity',
      overrideWarrantyTitle: 'Override the warranty decision',
      reasonRequired: 'Reason (required)',
      doOverride: 'Override',
      closeTitle: 'Close the ticket',
      closeHint: 'The problem report of clause 5.10: all four fields are required.',
      problemType: 'Problem type',
      reportCause: 'Cause',
      solution: 'Solution',
      lossAssessment: 'Loss assessment',
      doClose: 'Close the ticket',
      needReport: 'The problem report still lacks: {fields}.',
      needReason: 'Give a reason for the override.',
      needEngineer: 'Choose an engineer.',
      needTime: 'Choose the visit time.',
      needNewValue: 'Choose the new value.',
      listSep: ', ',
      stale: 'Someone changed this ticket meanwhile; it has been reloaded. Check it and try again.',
      moved: 'Status changed to “{status}”.',
      dispatched: '{engineer} dispatched, visit {at}.',
      rescheduled: 'Visit moved to {at}.',
      assigned: 'Assigned to {name}.',
      unassignedDone: 'Unassigned.',
      severityChanged: 'Severity set to {s}.',
      warrantyChanged: 'Warranty decision set to “{w}”.',
      closedDone: 'The ticket is closed.',
      accountsTitle: 'Accounts',
      accountsOnlyAdmin: 'Only admins manage accounts.',
      createTitle: 'New account',
      displayName: 'Display name',
      role: 'Role',
      initialPassword: 'Initial password (12 characters or more)',
      create: 'Create account',
      created: 'Account “{name}” created.',
      state: 'State',
      active: 'active',
      inactive: 'deactivated',
      deactivate: 'Deactivate',
      reactivate: 'Reactivate',
      resetPassword: 'Reset password',
      newPassword: 'New password (12 characters or more)',
      setPassword: 'Set password',
      cancel: 'Cancel',
      passwordReset: 'Password of “{name}” reset; their sessions were ended.',
      roleChanged: '“{name}” is now {role}.',
      langChanged: 'Language of “{name}” set to {lang}.',
      deactivated: '“{name}” deactivated; their sessions were ended.',
      reactivated: '“{name}” reactivated.',
      you: ' (you)',
      errUsername: 'User names are 3–40 letters, digits, dots, dashes or underscores.',
      errDisplayName: 'Enter a display name.',
      errPassword: 'Passwords are at least 12 characters.',
      errForbidden: 'Your role does not allow this.',
      errNotFound: 'Not found.',
      errNotOwner: 'Claim the conversation first.',
      errEmpty: 'The text is empty.',
      errTooLong: 'The message is too long (4,000 characters at most).',
      errChanged: 'The conversation changed hands meanwhile; it has been reloaded.',
      errInvalidAgent: 'That colleague cannot take this.',
      errInvalidTransition: 'That is not possible in the current status.',
      errInvalidEngineer: 'Choose an active engineer.',
      errUnchanged: 'That is already the current value.',
      errClosed: 'The ticket is closed.',
      errTaken: 'The user name “{u}” is taken.',
      errSelf: 'You cannot deactivate yourself or give up your own admin role.',
      errCsrf: 'The request lacked its security token. Reload the page and try again.',
      errGeneric: 'That did not work: {message}',
    },
  };

  /** Labels of the facts the bot collects (the server sends codes). */
  const FACT_LABELS = {
    symptom: {
      no_power: ['无法通电', 'no power'],
      wont_boot: ['无法开机', "won't boot"],
      no_display: ['黑屏/无显示', 'no picture'],
      display_abnormal: ['显示异常', 'abnormal display'],
      no_signal: ['无信号', 'no signal'],
      touch_failure: ['触摸失灵', 'touch not working'],
      no_sound: ['没有声音', 'no sound'],
      slow: ['运行缓慢', 'slow'],
      crash: ['死机/崩溃', 'crashes'],
      app_error: ['软件报错', 'application error'],
      network_down: ['网络中断', 'network down'],
      physical_damage: ['外观损坏', 'physical damage'],
      question: ['使用咨询', 'a question'],
      other: ['其他', 'other'],
    },
    cause: {
      none_known: ['正常使用中出现', 'during normal use'],
      human_damage: ['人为损坏', 'damaged by someone'],
      liquid: ['进液', 'liquid'],
      misuse: ['使用不当', 'misuse'],
      environment: ['环境因素（雷击、电压等）', 'environment (lightning, voltage…)'],
      force_majeure: ['不可抗力', 'force majeure'],
    },
    scope: {
      single_device: ['只有这台设备', 'this device only'],
      whole_site: ['整个学校或场馆', 'the whole site'],
      multi_site: ['多个学校或场馆', 'several sites'],
      platform: ['整个平台', 'the whole platform'],
    },
    accessory: {
      touch_pen: ['触控笔', 'touch pen'],
      remote_control: ['遥控器', 'remote control'],
      power_cord: ['电源线', 'power cord'],
      power_adapter: ['电源适配器', 'power adapter'],
      hdmi_cable: ['HDMI 线', 'HDMI cable'],
      mobile_stand: ['移动支架', 'mobile stand'],
      wireless_casting: ['无线投屏器', 'wireless casting'],
      gift: ['赠品', 'gift'],
    },
  };

  /** Where a ticket may go from each status (src/domain/ticket-life.ts, clause 5.10). */
  const TRANSITIONS = {
    registered: ['remote_support', 'on_site_dispatched', 'version_maintenance', 'resolved'],
    remote_support: ['on_site_dispatched', 'version_maintenance', 'resolved'],
    on_site_dispatched: ['engineer_on_site', 'remote_support', 'resolved'],
    engineer_on_site: ['waiting_parts', 'version_maintenance', 'resolved'],
    waiting_parts: ['engineer_on_site', 'resolved'],
    version_maintenance: ['remote_support', 'resolved'],
    resolved: ['closed', 'remote_support'],
    closed: [],
  };
  const ENGINEER_MOVES = ['engineer_on_site', 'waiting_parts', 'resolved'];
  const SEVERITIES = ['A', 'B', 'C', 'D'];
  const WARRANTIES = ['in_warranty', 'out_of_warranty', 'excluded', 'unknown'];
  const ROLES = ['agent', 'engineer', 'supervisor', 'admin'];
  const LANGS = ['zh-CN', 'en'];
  const REPORT_FIELDS = ['problemType', 'cause', 'solution', 'lossAssessment'];


  // ---- state -----------------------------------------------------------------------------------------
  const state = {
    lang: readLang(),
    me: null,
    /** What the signed-in agent may do, as the server says (src/app/permissions.ts is the one source). */
    permissions: [],
    csrf: '',
    offset: 0,
    meta: null,
    agents: [],
    canned: [],
    queue: null,
    queueIds: new Set(),
    waitingIds: null,
    stream: null,
    streamTimer: 0,
    streamState: 'connecting',
    ticketFilters: { status: '', severity: '', contract: '', site: '', assignee: '', open: true, q: '' },
    /** The mounted view: { name, id, refresh(), onChange(event), tick(), destroy() } */
    view: null,
    epoch: 0,
  };

  const $ = (id) => document.getElementById(id);
  const ui = {
    login: $('login-screen'),
    loginForm: $('login-form'),
    loginUser: $('login-username'),
    loginPassword: $('login-password'),
    loginError: $('login-error'),
    loginNotice: $('login-notice'),
    loginSubmit: $('login-submit'),
    loginLang: $('login-lang'),
    shell: $('shell'),
    main: $('main'),
    nav: $('nav'),
    navAccounts: $('nav-accounts'),
    navQueue: $('nav-queue'),
    badge: $('queue-badge'),
    meName: $('me-name'),
    meRole: $('me-role'),
    langSwitch: $('lang-switch'),
    signOut: $('sign-out'),
    live: $('live'),
    liveText: $('live-text'),
    toast: $('toast'),
  };

  // ---- small helpers ---------------------------------------------------------------------------------
  function storedLang() {
    try {
      const stored = localStorage.getItem(LANG_KEY);
      if (stored === 'en' || stored === 'zh-CN') return stored;
    } catch {
      /* storage may be unavailable */
    }
    return null;
  }

  function readLang() {
    return storedLang() || 'zh-CN';
  }

  function t(key, values) {
    const table = TEXT[state.lang] || TEXT['zh-CN'];
    const template = key in table ? table[key] : TEXT['zh-CN'][key] ?? key;
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name) => (values[name] === undefined || values[name] === null ? whole : String(values[name])));
  }

  /** A text the server gives in both languages ({ 'zh-CN': …, en: … }). */
  function local(text) {
    if (!text) return '';
    if (typeof text === 'string') return text;
    return text[state.lang] || text['zh-CN'] || text.en || '';
  }

  function can(permission) {
    return Boolean(state.me && state.permissions.includes(permission));
  }

  /**
   * Builds an element. Props: class, text (textContent), value, checked, dataset, on<event>, and
   * attributes. Children are nodes or strings (added as text, never parsed).
   */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') el.className = value;
        else if (key === 'text') el.textContent = value;
        else if (key === 'value') el.value = value;
        else if (key === 'checked') el.checked = Boolean(value);
        else if (key === 'dataset') Object.assign(el.dataset, value);
        else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
        else el.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat(3)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.firstChild.remove();
  }

  function options(items, selected) {
    return items.map((o) => h('option', { value: o.value, selected: o.value === selected ? true : undefined, disabled: o.disabled ? true : undefined }, o.label));
  }

  function now() {
    return Date.now() + state.offset;
  }

  function noteServerTime(serverTime) {
    const at = Date.parse(serverTime);
    if (!Number.isNaN(at)) state.offset = at - Date.now();
  }

  function timeZone() {
    return (state.meta && state.meta.timeZone) || DEFAULT_TZ;
  }

  const formatters = new Map();
  function parts(date) {
    const key = timeZone();
    let f = formatters.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: key, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      formatters.set(key, f);
    }
    const out = {};
    for (const p of f.formatToParts(date)) out[p.type] = p.value;
    return { year: Number(out.year), month: Number(out.month), day: Number(out.day), hour: out.hour, minute: out.minute };
  }

  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  /** A moment in the desk's time zone: "11月23日 10:21" / "23 Nov 10:21" (with the year if another). */
  function fmtTime(value) {
    if (!value) return '';
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return '';
    const p = parts(date);
    const thisYear = parts(new Date(now())).year === p.year;
    const time = `${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
    if (state.lang === 'en') return thisYear ? `${p.day} ${MONTHS[p.month - 1]} ${time}` : `${p.day} ${MONTHS[p.month - 1]} ${p.year}, ${time}`;
    return thisYear ? `${p.month}月${p.day}日 ${time}` : `${p.year}年${p.month}月${p.day}日 ${time}`;
  }

  /** A length of time in its two largest units: "1小时20分" / "1 h 20 min". */
  function fmtDuration(ms) {
    const minutes = Math.floor(Math.abs(ms) / 60_000);
    if (minutes < 1) return t('lessThanMinute');
    const d = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const m = minutes % 60;
    if (state.lang === 'en') {
      if (d) return hours ? `${d} d ${hours} h` : `${d} d`;
      if (hours) return m ? `${hours} h ${m} min` : `${hours} h`;
      return `${m} min`;
    }
    if (d) return hours ? `${d}天${hours}小时` : `${d}天`;
    if (hours) return m ? `${hours}小时${m}分` : `${hours}小时`;
    return `${m}分钟`;
  }

  function since(value) {
    if (!value) return '';
    return fmtDuration(now() - Date.parse(value));
  }

  /** "2026-12-01T10:00" in the desk's time zone → "2026-12-01T10:00:00+08:00". */
  function zonedIso(local) {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
    if (!match) return null;
    const [, y, mo, d, hh, mm] = match.map(Number);
    const asUtc = Date.UTC(y, mo - 1, d, hh, mm);
    let offset = offsetMinutes(asUtc);
    offset = offsetMinutes(asUtc - offset * 60_000);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const pad = (n) => String(n).padStart(2, '0');
    return `${local}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  function offsetMinutes(at) {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: timeZone(), timeZoneName: 'longOffset' }).formatToParts(new Date(at));
    const name = (parts.find((p) => p.type === 'timeZoneName') || {}).value || 'GMT';
    const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
    if (!match) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] || 0));
  }

  /** A moment as the value of a datetime-local input in the desk's time zone. */
  function zonedLocal(value) {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone(), year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(value));
    const get = (type) => (parts.find((p) => p.type === type) || {}).value || '00';
    return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
  }

  function agentName(id) {
    if (!id) return '';
    const found = state.agents.find((a) => a.id === id);
    return found ? found.displayName : '';
  }

  function statusLabel(id) {
    const found = state.meta && state.meta.statuses.find((s) => s.id === id);
    return found ? local(found.label) : id;
  }

  function warrantyLabel(id) {
    return (state.meta && state.meta.warranty && local(state.meta.warranty[id])) || id;
  }

  function deviceLabel(kind) {
    return (state.meta && state.meta.devices && local(state.meta.devices[kind])) || kind;
  }

  function contractName(id) {
    const found = state.meta && state.meta.contracts.find((c) => c.id === id);
    return found ? local(found.name) : id;
  }

  function severityName(contractId, level) {
    const found = state.meta && state.meta.contracts.find((c) => c.id === contractId);
    const entry = found && found.severity && found.severity[level];
    return entry ? local(entry.name) : t('severityShort', { s: level });
  }

  function factLabel(key, value) {
    if (value === true || value === false) {
      if (key === 'usable') return value ? t('usableYes') : t('usableNo');
      return value ? t('yes') : t('no');
    }
    if (key === 'device') return deviceLabel(value);
    const table = FACT_LABELS[key];
    const pair = table && table[value];
    if (pair) return state.lang === 'en' ? pair[1] : pair[0];
    return String(value);
  }

  function severityBadge(level, title) {
    return h('span', { class: `sev sev-${/^[A-D]$/.test(level) ? level : 'X'}`, title: title || undefined, 'aria-label': title || undefined }, level);
  }

  function toast(text, kind) {
    ui.toast.textContent = text;
    ui.toast.dataset.kind = kind || 'info';
    ui.toast.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => {
      ui.toast.hidden = true;
    }, 4000);
  }

  /** A message area inside a view: role=status for news, role=alert for refusals. */
  function flash(el, text, kind) {
    if (!el) return;
    el.textContent = text;
    el.dataset.kind = kind || 'ok';
    el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    el.hidden = !text;
  }

  // ---- the API ---------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, code, message, retryAfter) {
      super(message || code);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
      this.expired = false;
    }
  }

  async function api(method, path, body, opts) {
    const options = opts || {};
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
    const epoch = state.epoch;
    let res;
    try {
      res = await fetch(API + path, { method, headers, credentials: 'same-origin', cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', '');
    }
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (data && typeof data.serverTime === 'string') noteServerTime(data.serverTime);
    if (!res.ok) {
      const error = new ApiError(res.status, (data && data.error) || `http_${res.status}`, (data && data.message) || '', res.headers.get('retry-after'));
      if (res.status === 401 && !options.login) {
        error.expired = true;
        if (epoch === state.epoch && state.me) sessionEnded('sessionExpired');
      }
      throw error;
    }
    // A sign-out (or another session) happened while this was in flight: drop the answer.
    if (epoch !== state.epoch && !options.login) {
      const error = new ApiError(401, 'gone', '');
      error.expired = true;
      throw error;
    }
    return data;
  }

  /** The refusal in the UI's language. */
  function describe(error, extra) {
    const values = extra || {};
    switch (error.code) {
      case 'network':
        return t('errNetwork');
      case 'unavailable':
        return t('errServer');
      case 'forbidden':
        return t('errForbidden');
      case 'not_owner':
        return t('errNotOwner');
      case 'not_found':
        return t('errNotFound');
      case 'empty':
        return t('errEmpty');
      case 'too_long':
        return t('errTooLong');
      case 'changed':
        return t('errChanged');
      case 'invalid_agent':
        return t('errInvalidAgent');
      case 'invalid_transition':
        return t('errInvalidTransition');
      case 'invalid_engineer':
      case 'engineer_required':
        return t('errInvalidEngineer');
      case 'unchanged':
        return t('errUnchanged');
      case 'closed':
        return t('errClosed');
      case 'reason_required':
        return t('needReason');
      case 'stale':
        return t('stale');
      case 'username_taken':
        return t('errTaken', { u: values.username || '' });
      case 'self':
        return t('errSelf');
      case 'csrf':
      case 'origin':
        return t('errCsrf');
      default:
        if (error.status >= 500) return t('errServer');
        return t('errGeneric', { message: error.message || error.code });
    }
  }

  // ---- signing in and out ----------------------------------------------------------------------------
  function showLogin(noticeKey) {
    ui.shell.hidden = true;
    ui.login.hidden = false;
    ui.loginPassword.value = '';
    flash(ui.loginError, '', 'error');
    if (noticeKey) {
      ui.loginNotice.textContent = t(noticeKey);
      ui.loginNotice.dataset.key = noticeKey;
      ui.loginNotice.hidden = false;
    } else {
      ui.loginNotice.hidden = true;
      delete ui.loginNotice.dataset.key;
    }
    ui.loginSubmit.disabled = false;
    ui.loginSubmit.textContent = t('signIn');
    document.title = t('title');
    setTimeout(() => (ui.loginUser.value ? ui.loginPassword : ui.loginUser).focus(), 0);
  }

  async function submitLogin(event) {
    event.preventDefault();
    const username = ui.loginUser.value.trim();
    const password = ui.loginPassword.value;
    if (!username || !password) {
      flash(ui.loginError, t('errLoginEmpty'), 'error');
      return;
    }
    ui.loginSubmit.disabled = true;
    ui.loginSubmit.textContent = t('signingIn');
    flash(ui.loginError, '', 'error');
    try {
      const data = await api('POST', '/login', { username, password }, { login: true });
      ui.loginPassword.value = '';
      ui.loginNotice.hidden = true;
      await enter(data);
    } catch (error) {
      ui.loginPassword.value = '';
      let message;
      if (error.status === 401) message = t('errCredentials');
      else if (error.status === 429) {
        const seconds = Number(error.retryAfter) || 60;
        message = t('errThrottled', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
      } else if (error.status === 400) message = t('errLoginEmpty');
      else message = describe(error);
      flash(ui.loginError, message, 'error');
      ui.loginPassword.focus();
    } finally {
      ui.loginSubmit.disabled = false;
      ui.loginSubmit.textContent = t('signIn');
    }
  }

  /** Signed in (a fresh sign-in or a session still alive): load what every view needs. */
  async function enter(session) {
    state.epoch += 1;
    state.me = session.agent;
    state.permissions = Array.isArray(session.permissions) ? session.permissions : [];
    state.csrf = session.csrfToken;
    // Nothing chosen in this browser yet: the agent's own language (not remembered for others).
    if (!storedLang() && (session.agent.lang === 'en' || session.agent.lang === 'zh-CN') && session.agent.lang !== state.lang) {
      state.lang = session.agent.lang;
      applyStaticText();
    }
    ui.login.hidden = true;
    ui.shell.hidden = false;
    renderHeader();
    clear(ui.main);
    ui.main.append(h('p', { class: 'loading' }, t('loading')));
    try {
      const [meta, agents, canned] = await Promise.all([api('GET', '/meta'), api('GET', '/agents'), api('GET', '/canned')]);
      state.meta = meta;
      state.agents = agents.agents;
      state.canned = canned.replies;
    } catch (error) {
      if (error.expired) return;
      clear(ui.main);
      ui.main.append(h('p', { class: 'view-error', role: 'alert' }, t('loadFailed', { message: describe(error) })));
      return;
    }
    openStream();
    loadQueue();
    route();
  }

  /** Ends the page's session state and shows the sign-in screen; keeps nothing sensitive. */
  function sessionEnded(noticeKey) {
    state.epoch += 1;
    closeStream();
    destroyView();
    state.me = null;
    state.permissions = [];
    state.csrf = '';
    state.meta = null;
    state.agents = [];
    state.canned = [];
    state.queue = null;
    state.queueIds = new Set();
    state.waitingIds = null;
    clear(ui.main);
    ui.badge.hidden = true;
    ui.toast.hidden = true;
    showLogin(noticeKey);
  }

  async function signOut() {
    ui.signOut.disabled = true;
    try {
      await api('POST', '/logout', {});
    } catch {
      /* ended anyway */
    }
    ui.signOut.disabled = false;
    if (state.me) sessionEnded('signedOut');
  }

  function renderHeader() {
    if (!state.me) return;
    ui.meName.textContent = state.me.displayName;
    ui.meRole.textContent = t(`role_${state.me.role}`);
    ui.navAccounts.hidden = !can('agents.manage');
    ui.navQueue.hidden = !can('conversations.view');
    renderLive();
    updateBadge();
  }

  function setLang(lang) {
    state.lang = lang;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      /* not remembered */
    }
    applyStaticText();
    if (!ui.login.hidden) {
      if (ui.loginNotice.dataset.key) ui.loginNotice.textContent = t(ui.loginNotice.dataset.key);
      ui.loginSubmit.textContent = t('signIn');
      ui.loginError.hidden = true;
    }
    if (state.me) {
      renderHeader();
      remount();
    }
  }

  function applyStaticText() {
    document.documentElement.lang = state.lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    for (const el of document.querySelectorAll('.lang-toggle')) {
      el.textContent = t('otherLang');
      el.setAttribute('lang', state.lang === 'en' ? 'zh-CN' : 'en');
    }
    updateTitle();
  }

  // ---- live updates ----------------------------------------------------------------------------------
  function openStream() {
    closeStream();
    const epoch = state.epoch;
    const source = new EventSource(`${API}/events`);
    state.stream = source;
    setLive('connecting');
    let connectedBefore = false;
    source.addEventListener('ready', () => {
      if (epoch !== state.epoch) return;
      setLive('live');
      // Anything may have changed while the stream was down.
      if (connectedBefore) {
        loadQueue();
        if (state.view && state.view.refresh) state.view.refresh();
      }
      connectedBefore = true;
    });
    source.addEventListener('change', (event) => {
      if (epoch !== state.epoch) return;
      let change;
      try {
        change = JSON.parse(event.data);
      } catch {
        return;
      }
      onChange(change);
    });
    source.addEventListener('error', () => {
      if (epoch !== state.epoch) return;
      setLive('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // Refused (signed out, expired) or the server is away: ask who we are, then retry.
        clearTimeout(state.streamTimer);
        state.streamTimer = setTimeout(async () => {
          if (epoch !== state.epoch) return;
          try {
            await api('GET', '/me');
            if (epoch === state.epoch) openStream();
          } catch (error) {
            if (!error.expired && epoch === state.epoch) {
              state.streamTimer = setTimeout(() => epoch === state.epoch && openStream(), STREAM_RETRY_MS);
            }
          }
        }, STREAM_RETRY_MS);
      }
    });
  }

  function closeStream() {
    clearTimeout(state.streamTimer);
    if (state.stream) state.stream.close();
    state.stream = null;
  }

  function setLive(value) {
    state.streamState = value;
    renderLive();
  }

  function renderLive() {
    ui.live.dataset.state = state.streamState;
    ui.liveText.textContent = t(state.streamState === 'live' ? 'live' : state.streamState === 'connecting' ? 'connecting' : 'reconnecting');
  }

  function onChange(change) {
    if (change.type === 'queue' || (change.type === 'conversation' && state.queueIds.has(change.id))) loadQueue();
    if (state.view && state.view.onChange) state.view.onChange(change);
  }

  /**
   * Runs `load` at most once at a time; calls made meanwhile run it once more afterwards. Every
   * call's promise settles when a run that started after the call has finished.
   */
  function coalesce(load) {
    let current = null;
    let again = false;
    return () => {
      if (current) {
        again = true;
        return current;
      }
      current = (async () => {
        try {
          do {
            again = false;
            await load();
          } while (again);
        } finally {
          current = null;
        }
      })();
      return current;
    };
  }

  function debounce(fn, ms) {
    let timer = 0;
    const run = () => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
    run.cancel = () => clearTimeout(timer);
    return run;
  }

  // ---- the queue (shared by every view: the badge counts who waits) ------------------------------------
  const loadQueue = coalesce(async () => {
    if (!state.me || !can('conversations.view')) return;
    let data;
    try {
      data = await api('GET', '/queue');
    } catch (error) {
      if (!error.expired && state.view && state.view.queueError) state.view.queueError(error);
      return;
    }
    state.queue = data.queue;
    state.queueIds = new Set(data.queue.map((e) => e.id));
    const waiting = data.queue.filter((e) => isWaiting(e));
    if (state.waitingIds) {
      const looking = state.view && state.view.name === 'queue' ? parseHash().id : '';
      const fresh = waiting.filter((e) => !state.waitingIds.has(e.id) && e.id !== looking);
      if (fresh.length > 0) toast(t('newRequest', { name: fresh.map((e) => e.contactName || t('unnamed')).join(t('listSep')) }), 'info');
    }
    state.waitingIds = new Set(waiting.map((e) => e.id));
    updateBadge();
    if (state.view && state.view.queueChanged) state.view.queueChanged();
  });

  /** Someone asked for a human and nobody has claimed the conversation yet. */
  function isWaiting(entry) {
    return entry.agentId === null && entry.mode !== 'human' && Boolean(entry.humanRequestedAt);
  }

  function updateBadge() {
    const count = state.waitingIds ? state.waitingIds.size : 0;
    ui.badge.textContent = String(count);
    ui.badge.hidden = count === 0;
    ui.badge.setAttribute('aria-label', state.lang === 'en' ? `${count} waiting` : `${count} 人等待`);
    updateTitle();
  }

  function updateTitle() {
    const count = state.me && state.waitingIds ? state.waitingIds.size : 0;
    document.title = count > 0 ? `(${count}) ${t('title')}` : t('title');
  }

  // ---- routing ---------------------------------------------------------------------------------------
  function parseHash() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
    return { section: parts[0] || '', id: parts[1] || '' };
  }

  function defaultSection() {
    return can('conversations.view') ? 'queue' : 'tickets';
  }

  function route() {
    if (!state.me || !state.meta) return;
    let { section, id } = parseHash();
    if (!['queue', 'tickets', 'accounts'].includes(section) || (section === 'queue' && !can('conversations.view'))) {
      section = defaultSection();
      id = '';
      history.replaceState(null, '', `#/${section}`);
    }
    for (const link of ui.nav.querySelectorAll('[data-nav]')) {
      if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const current = state.view;
    if (section === 'queue') {
      if (current && current.name === 'queue') {
        current.open(id);
        return;
      }
      mount(queueView(id));
    } else if (section === 'tickets') {
      if (current && current.name === (id ? 'ticket' : 'tickets') && current.id === id) return;
      mount(id ? ticketView(id) : ticketsView());
    } else if (section === 'accounts') {
      if (current && current.name === 'accounts') return;
      mount(accountsView());
    }
  }

  function mount(view) {
    destroyView();
    state.view = view;
    clear(ui.main);
    ui.main.append(view.el);
    ui.main.dataset.view = view.name;
    window.scrollTo(0, 0);
    if (view.start) view.start();
  }

  function destroyView() {
    if (state.view && state.view.destroy) state.view.destroy();
    state.view = null;
  }

  /** Rebuilds the current view (the language changed). */
  function remount() {
    const keep = state.view && state.view.keep ? state.view.keep() : null;
    destroyView();
    route();
    if (keep && state.view && state.view.restore) state.view.restore(keep);
  }

  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  // ---- queue and conversation ------------------------------------------------------------------------
  function queueView(initialId) {
    const list = h('div', { class: 'queue-list', id: 'queue-list' });
    const listHead = h('div', { class: 'pane-head' }, h('h2', { class: 'pane-title' }, t('queueTitle')));
    const listError = h('p', { class: 'view-error', role: 'alert', hidden: true });
    const queuePane = h('section', { class: 'queue-pane', 'aria-label': t('queueTitle') }, listHead, listError, list);
    const convPane = h('section', { class: 'conv-pane', id: 'conversation' });
    const el = h('div', { class: 'queue-layout' }, queuePane, convPane);
    let conversation = null;

    function renderList() {
      clear(list);
      if (!state.queue) {
        list.append(h('p', { class: 'loading' }, t('loading')));
        return;
      }
      const waiting = state.queue.filter(isWaiting);
      const handled = state.queue.filter((e) => !isWaiting(e) && e.agentId);
      // Nobody asked for a human, but replies did not reach the user: someone should look.
      const undelivered = state.queue.filter((e) => !isWaiting(e) && !e.agentId);
      list.append(h('h3', { class: 'group-title' }, t('waitingHeading'), h('span', { class: 'count' }, String(waiting.length))));
      if (waiting.length === 0) {
        list.append(h('div', { class: 'empty', id: 'queue-empty' }, h('p', { class: 'empty-title' }, t('queueEmpty')), h('p', { class: 'empty-hint' }, t('queueEmptyHint'))));
      }
      for (const entry of waiting) list.append(queueItem(entry));
      for (const [heading, entries] of [['undeliveredHeading', undelivered], ['handlingHeading', handled]]) {
        if (entries.length === 0) continue;
        list.append(h('h3', { class: 'group-title' }, t(heading), h('span', { class: 'count' }, String(entries.length))));
        for (const entry of entries) list.append(queueItem(entry));
      }
    }

    function queueItem(entry) {
      const waiting = isWaiting(entry);
      const selected = conversation && conversation.id === entry.id;
      const who = entry.contactName || t('unnamed');
      const ticket = entry.ticket;
      return h(
        'a',
        {
          class: `queue-item${waiting ? ' is-waiting' : ''}${selected ? ' is-selected' : ''}`,
          href: `#/queue/${encodeURIComponent(entry.id)}`,
          dataset: { id: entry.id, state: waiting ? 'waiting' : 'handled' },
          'aria-current': selected ? 'true' : undefined,
        },
        h(
          'div',
          { class: 'qi-top' },
          ticket ? severityBadge(ticket.severity) : h('span', { class: 'sev sev-X' }, '–'),
          h('span', { class: 'qi-ticket' }, ticket ? ticket.number : t('noTicket')),
          h('span', { class: 'qi-time', dataset: { since: entry.humanRequestedAt || entry.lastMessageAt || '' } }, waiting ? t('waitingFor', { d: since(entry.humanRequestedAt || entry.lastMessageAt) }) : ''),
        ),
        h('div', { class: 'qi-who' }, h('span', { class: 'qi-name' }, who), h('span', { class: 'qi-channel' }, t(`channel_${entry.channel}`))),
        h('p', { class: 'qi-last' }, entry.lastText === null || entry.lastText === undefined ? t('noMessages') : entry.lastText || t('empty')),
        entry.undelivered > 0 ? h('div', { class: 'qi-undelivered' }, t('undeliveredCount', { n: entry.undelivered })) : null,
        waiting || !entry.agentId ? null : h('div', { class: 'qi-owner' }, entry.agentId === state.me.id ? t('handledByMe') : t('handledBy', { name: entry.agentName || t('someone') })),
      );
    }

    function tickTimes() {
      for (const span of list.querySelectorAll('.is-waiting .qi-time')) {
        if (span.dataset.since) span.textContent = t('waitingFor', { d: since(span.dataset.since) });
      }
    }

    function open(id) {
      el.classList.toggle('has-conversation', Boolean(id));
      if (conversation && conversation.id === id) return;
      if (conversation) conversation.destroy();
      conversation = null;
      clear(convPane);
      if (id) {
        conversation = conversationPane(id);
        convPane.append(conversation.el);
        conversation.start();
      } else {
        convPane.append(h('div', { class: 'placeholder' }, h('p', null, t('pickConversation'))));
      }
      renderList();
    }

    const tick = setInterval(() => {
      tickTimes();
      if (conversation) conversation.tick();
    }, TICK_MS);

    return {
      name: 'queue',
      id: initialId,
      el,
      start() {
        renderList();
        open(initialId);
        loadQueue();
      },
      open,
      refresh() {
        if (conversation) conversation.reload();
      },
      queueChanged() {
        flash(listError, '', 'error');
        renderList();
      },
      queueError(error) {
        flash(listError, t('loadFailed', { message: describe(error) }), 'error');
      },
      onChange(change) {
        if (conversation) conversation.onChange(change);
      },
      keep() {
        return conversation ? conversation.keep() : null;
      },
      restore(kept) {
        if (conversation && kept) conversation.restore(kept);
      },
      destroy() {
        clearInterval(tick);
        if (conversation) conversation.destroy();
      },
    };
  }

  function conversationPane(id) {
    const c = {
      id,
      data: null,
      shown: new Map(),
      mode: 'reply',
      destroyed: false,
    };

    // Header: who, channel, state, actions.
    const back = h('a', { class: 'button button-quiet button-small back-link', href: '#/queue' }, `‹ ${t('back')}`);
    const title = h('h2', { class: 'conv-title', id: 'conv-title' });
    const subtitle = h('p', { class: 'conv-sub', id: 'conv-status' });
    const claimButton = h('button', { type: 'button', class: 'button button-primary', id: 'claim', hidden: true }, t('claim'));
    const transferSelect = h('select', { class: 'select', id: 'transfer-agent', 'aria-label': t('transferTo') });
    const transferButton = h('button', { type: 'button', class: 'button button-quiet', id: 'transfer' }, t('transfer'));
    const transferBox = h('div', { class: 'transfer', hidden: true }, transferSelect, transferButton);
    const releaseButton = h('button', { type: 'button', class: 'button button-quiet', id: 'release', hidden: true }, t('release'));
    const actions = h('div', { class: 'conv-actions' }, claimButton, transferBox, releaseButton);
    const head = h('header', { class: 'conv-head' }, back, h('div', { class: 'conv-heading' }, title, subtitle), actions);
    const alert = h('p', { class: 'conv-alert', id: 'conv-alert', hidden: true });

    // The transcript.
    const failedBanner = h('div', { class: 'failed-banner', id: 'failed-banner', role: 'alert', hidden: true });
    const transcript = h('div', { class: 'transcript', id: 'transcript', role: 'log', 'aria-live': 'polite', tabindex: '0' });

    // The composer.
    const modeReply = h('button', { type: 'button', class: 'mode', id: 'mode-reply', 'aria-pressed': 'true' }, t('modeReply'));
    const modeNote = h('button', { type: 'button', class: 'mode', id: 'mode-note', 'aria-pressed': 'false' }, t('modeNote'));
    const cannedSelect = h(
      'select',
      { class: 'select select-small', id: 'canned', 'aria-label': t('cannedLabel') },
      h('option', { value: '' }, t('canned')),
      state.canned.map((r) => h('option', { value: r.id }, local(r.title))),
    );
    const input = h('textarea', { class: 'input composer-input', id: 'composer-input', rows: '2', 'aria-label': t('composerLabel'), maxlength: '4000' });
    const sendButton = h('button', { type: 'submit', class: 'button button-primary', id: 'send' }, t('send'));
    const hint = h('span', { class: 'composer-hint', id: 'composer-hint' });
    const composerNotice = h('p', { class: 'composer-notice', id: 'composer-notice', hidden: true });
    const composer = h(
      'form',
      { class: 'composer', id: 'composer', novalidate: true, autocomplete: 'off' },
      h('div', { class: 'composer-bar' }, h('div', { class: 'modes', role: 'group' }, modeReply, modeNote), cannedSelect),
      input,
      h('div', { class: 'composer-foot' }, hint, sendButton),
    );
    const readOnly = h('p', { class: 'read-only', id: 'read-only', hidden: true });

    // The side: tickets and what the bot collected.
    const side = h('aside', { class: 'conv-side', id: 'conv-side' });

    const main = h('div', { class: 'conv-main' }, failedBanner, transcript, readOnly, composerNotice, composer);
    const body = h('div', { class: 'conv-body' }, main, side);
    const loading = h('p', { class: 'loading' }, t('loading'));
    c.el = h('div', { class: 'conversation', dataset: { id } }, head, alert, loading, body);
    body.hidden = true;

    const reload = coalesce(async () => {
      let data;
      try {
        data = await api('GET', `/conversations/${encodeURIComponent(id)}`);
      } catch (error) {
        if (error.expired || c.destroyed) return;
        loading.hidden = true;
        flash(alert, t('loadFailed', { message: describe(error) }), 'error');
        return;
      }
      if (c.destroyed) return;
      c.data = data;
      loading.hidden = true;
      body.hidden = false;
      render();
    });
    c.reload = reload;

    function owner() {
      return c.data ? c.data.entry.agentId : null;
    }

    /** May write to the user: the owner, or a supervisor or admin once someone has it. */
    function mayReply() {
      const o = owner();
      return can('conversations.take') && o !== null && (o === state.me.id || can('conversations.any'));
    }

    function render() {
      const { entry } = c.data;
      title.textContent = entry.contactName || t('unnamed');
      const parts = [t(`channel_${entry.channel}`), entry.lang === 'en' ? t('lang_en') : t('lang_zh')];
      if (entry.ticket) parts.push(entry.ticket.number);
      let status;
      if (entry.agentId) status = entry.agentId === state.me.id ? t('handledByMe') : t('statusHuman', { name: entry.agentName || t('someone') });
      else if (entry.humanRequestedAt) status = t('statusWaiting', { d: since(entry.humanRequestedAt) });
      else status = t('statusBot');
      subtitle.textContent = '';
      subtitle.append(h('span', { class: `state-pill state-${entry.agentId ? 'human' : entry.humanRequestedAt ? 'waiting' : 'bot'}` }, status), ` ${parts.join(' · ')}`);

      const takes = can('conversations.take');
      claimButton.hidden = !takes || entry.agentId !== null;
      const acts = mayReply();
      transferBox.hidden = !acts;
      releaseButton.hidden = !acts;
      if (acts) fillTransfer(entry.agentId);

      // Composer: replies for who may act; notes for anyone who may take conversations.
      composer.hidden = !takes;
      readOnly.hidden = takes;
      readOnly.textContent = t('readOnlyEngineer');
      modeReply.disabled = !acts;
      if (!acts && c.mode === 'reply') setMode('note', false);
      if (takes && !acts) {
        composerNotice.hidden = false;
        composerNotice.textContent = entry.agentId ? t('ownedByOther', { name: entry.agentName || t('someone') }) : t('claimToReply');
      } else composerNotice.hidden = true;
      renderComposerMode();

      renderTranscript();
      renderSide();
    }

    function fillTransfer(currentOwner) {
      const previous = transferSelect.value;
      const colleagues = state.agents.filter((a) => a.active && a.role !== 'engineer' && a.id !== currentOwner);
      // Rebuilt only when the choice changes (an open list is not closed under the agent's hand).
      const key = `${state.lang}|${colleagues.map((a) => `${a.id}:${a.displayName}:${a.role}`).join(',')}`;
      if (transferSelect.dataset.key === key) return;
      transferSelect.dataset.key = key;
      clear(transferSelect);
      transferSelect.append(h('option', { value: '' }, t('transferTo')), ...options(colleagues.map((a) => ({ value: a.id, label: `${a.displayName}（${t(`role_${a.role}`)}）` })), previous));
      if (previous && colleagues.some((a) => a.id === previous)) transferSelect.value = previous;
    }

    function renderTranscript() {
      const stick = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80 || c.shown.size === 0;
      const failedSeqs = new Set();
      for (const f of c.data.failed) if (typeof f.seq === 'number') failedSeqs.add(f.seq);
      for (const entry of c.data.transcript) {
        let row = c.shown.get(entry.seq);
        if (!row) {
          row = messageRow(entry);
          c.shown.set(entry.seq, row);
          // Keep seq order even if an older entry arrives late.
          const after = [...transcript.children].find((el) => Number(el.dataset.seq) > entry.seq);
          transcript.insertBefore(row, after || null);
        }
        const failed = failedSeqs.has(entry.seq);
        row.classList.toggle('is-failed', failed);
        const flag = row.querySelector('.undelivered');
        if (flag) flag.hidden = !failed;
      }
      // The banner speaks of what no agent has seen yet; the transcript keeps every mark.
      const unseen = c.data.failed.filter((f) => !f.reviewed);
      if (unseen.length > 0) {
        clear(failedBanner);
        failedBanner.append(h('strong', null, `${t('undelivered')} · ${t('failedBanner', { n: unseen.length })}`));
        const reasons = [...new Set(unseen.map((f) => f.lastError).filter(Boolean))];
        for (const reason of reasons.slice(0, 3)) failedBanner.append(h('span', { class: 'failed-reason' }, t('failedReason', { reason })));
        if (can('conversations.take')) {
          failedBanner.append(h('button', { type: 'button', class: 'button button-small button-quiet', id: 'mark-seen', onclick: markSeen }, t('markSeen')));
        }
        failedBanner.hidden = false;
      } else failedBanner.hidden = true;
      if (stick) transcript.scrollTop = transcript.scrollHeight;
    }

    function messageRow(entry) {
      const kind = entry.direction === 'note' ? 'note' : entry.sender;
      let who;
      if (kind === 'note') who = `${t('noteTag')} · ${agentName(entry.agentId) || t('from_agent')}`;
      else if (kind === 'user') who = c.data.entry.contactName || t('from_user');
      else if (kind === 'agent') who = `${t('from_agent')} · ${entry.agentId === state.me.id ? t('me') : agentName(entry.agentId) || t('from_agent')}`;
      else who = t(`from_${kind}`) || kind;
      const bubble = h('div', { class: 'bubble' });
      if (entry.attachmentId) {
        const img = h('img', {
          class: 'photo',
          alt: t('photo'),
          loading: 'lazy',
          src: `${API}/conversations/${encodeURIComponent(id)}/attachments/${encodeURIComponent(entry.attachmentId)}`,
        });
        img.addEventListener('error', () => img.replaceWith(h('span', { class: 'photo-broken' }, t('photoBroken'))));
        bubble.append(h('a', { href: img.src, target: '_blank', rel: 'noopener' }, img));
      }
      if (entry.text || !entry.attachmentId) bubble.append(h('p', { class: 'text' }, entry.text || t('empty')));
      if (entry.choices && entry.choices.length > 0) {
        bubble.append(h('div', { class: 'chips', 'aria-label': t('choicesOffered') }, entry.choices.map((ch) => h('span', { class: 'chip' }, ch.label))));
      }
      return h(
        'article',
        { class: `msg msg-${kind}`, dataset: { seq: String(entry.seq) } },
        h('div', { class: 'msg-meta' }, h('span', { class: 'msg-who' }, who), h('time', { class: 'msg-time', datetime: entry.createdAt }, fmtTime(entry.createdAt)), h('span', { class: 'undelivered', hidden: true }, t('undelivered'))),
        bubble,
      );
    }

    function renderSide() {
      const { entry, tickets } = c.data;
      clear(side);
      side.append(h('h3', { class: 'side-title' }, t('sideTickets')));
      if (tickets.length === 0) side.append(h('p', { class: 'muted' }, t('sideNoTickets')));
      const list = h('ul', { class: 'side-tickets' });
      for (const ticket of tickets) {
        list.append(
          h(
            'li',
            null,
            h(
              'a',
              { class: 'side-ticket', href: `#/tickets/${encodeURIComponent(ticket.id)}`, dataset: { id: ticket.id } },
              h('span', { class: 'st-top' }, severityBadge(ticket.severity, severityName(ticket.contractId, ticket.severity)), h('span', { class: 'st-number' }, ticket.number), h('span', { class: `status-pill status-${ticket.status}` }, statusLabel(ticket.status))),
              h('span', { class: 'st-desc' }, ticket.description),
              h('span', { class: 'st-place' }, [ticket.asset ? `${deviceLabel(ticket.asset.kind)} ${ticket.asset.tag}` : '', ticket.place || ''].filter(Boolean).join(' · ')),
            ),
          ),
        );
      }
      if (tickets.length > 0) side.append(list);

      side.append(h('h3', { class: 'side-title' }, t('sideCollected')));
      const frames = entry.state && Array.isArray(entry.state.frames) ? entry.state.frames : [];
      const dl = h('dl', { class: 'facts facts-compact', id: 'collected' });
      if (frames.length > 0) dl.append(h('dt', null, t('sideFlow')), h('dd', null, frames.map((f) => `${f.flow} › ${f.step}`).join(' / ')));
      let any = false;
      for (const frame of frames) {
        for (const [key, value] of Object.entries(frame.vars || {})) {
          const shown = showVar(value);
          if (shown === null) continue;
          any = true;
          dl.append(h('dt', null, key), h('dd', null, shown));
        }
      }
      side.append(dl);
      if (!any) side.append(h('p', { class: 'muted' }, t('sideNothing')));

      side.append(h('h3', { class: 'side-title' }, t('sideDetails')));
      side.append(
        h(
          'dl',
          { class: 'facts facts-compact' },
          h('dt', null, t('channel')),
          h('dd', null, t(`channel_${entry.channel}`)),
          h('dt', null, t('language')),
          h('dd', null, entry.lang === 'en' ? t('lang_en') : t('lang_zh')),
          entry.humanRequestedAt ? [h('dt', null, t('requestedAt')), h('dd', null, fmtTime(entry.humanRequestedAt))] : null,
          entry.lastMessageAt ? [h('dt', null, t('lastMessage')), h('dd', null, fmtTime(entry.lastMessageAt))] : null,
        ),
      );
    }

    /** A flow variable as a short text (lists of options are left out). */
    function showVar(value) {
      if (value === null || value === undefined || value === '') return null;
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      if (typeof value === 'boolean') return value ? t('yes') : t('no');
      if (Array.isArray(value)) return null;
      if (typeof value === 'object') {
        for (const key of ['label', 'name', 'tag', 'number', 'text', 'id']) if (typeof value[key] === 'string') return value[key];
        const json = JSON.stringify(value);
        return json.length > 80 ? `${json.slice(0, 77)}…` : json;
      }
      return null;
    }

    function setMode(mode, focus) {
      c.mode = mode;
      renderComposerMode();
      if (focus !== false) input.focus();
    }

    function renderComposerMode() {
      const note = c.mode === 'note';
      modeReply.setAttribute('aria-pressed', String(!note));
      modeNote.setAttribute('aria-pressed', String(note));
      composer.classList.toggle('is-note', note);
      input.placeholder = note ? t('placeholderNote') : t('placeholderReply');
      sendButton.textContent = note ? t('saveNote') : t('send');
      hint.textContent = note ? t('noteHint') : t('sendHint');
    }

    async function send() {
      const text = input.value.trim();
      if (!text || c.sending) return;
      const note = c.mode === 'note';
      if (!note && !mayReply()) return;
      c.sending = true;
      sendButton.disabled = true;
      try {
        await api('POST', `/conversations/${encodeURIComponent(id)}/${note ? 'notes' : 'messages'}`, { text });
        if (input.value.trim() === text) input.value = '';
        flash(alert, '', 'ok');
        reload();
      } catch (error) {
        if (error.expired) return;
        flash(alert, describe(error), 'error');
        if (error.code === 'not_owner' || error.code === 'changed') reload();
      } finally {
        c.sending = false;
        sendButton.disabled = false;
      }
    }

    async function claim() {
      claimButton.disabled = true;
      flash(alert, '', 'ok');
      try {
        await api('POST', `/conversations/${encodeURIComponent(id)}/claim`, {});
        flash(alert, t('claimed'), 'ok');
        setMode('reply', false);
        await reload();
        loadQueue();
        input.focus();
      } catch (error) {
        if (error.expired) return;
        if (error.code === 'already_claimed') {
          await reload();
          const name = c.data && c.data.entry.agentId !== state.me.id ? c.data.entry.agentName : null;
          flash(alert, t('alreadyClaimed', { name: name || t('someone') }), 'error');
        } else flash(alert, describe(error), 'error');
        loadQueue();
      } finally {
        claimButton.disabled = false;
      }
    }

    async function transfer() {
      const to = transferSelect.value;
      if (!to) {
        flash(alert, t('chooseColleague'), 'error');
        transferSelect.focus();
        return;
      }
      transferButton.disabled = true;
      try {
        await api('POST', `/conversations/${encodeURIComponent(id)}/transfer`, { agentId: to });
        flash(alert, t('transferred', { name: agentName(to) }), 'ok');
        transferSelect.value = '';
        await reload();
        loadQueue();
      } catch (error) {
        if (error.expired) return;
        flash(alert, describe(error), 'error');
        reload();
      } finally {
        transferButton.disabled = false;
      }
    }

    /** A button's action on the conversation: says how it went, then shows the conversation and the queue anew. */
    async function act(button, path, done) {
      button.disabled = true;
      try {
        await api('POST', `/conversations/${encodeURIComponent(id)}/${path}`, {});
        flash(alert, done, 'ok');
        await reload();
        loadQueue();
      } catch (error) {
        if (error.expired) return;
        flash(alert, describe(error), 'error');
        reload();
      } finally {
        button.disabled = false;
      }
    }

    const release = () => act(releaseButton, 'release', t('released'));
    const markSeen = (event) => act(event.currentTarget, 'undelivered/reviewed', t('markedSeen'));

    claimButton.addEventListener('click', claim);
    transferButton.addEventListener('click', transfer);
    releaseButton.addEventListener('click', release);
    modeReply.addEventListener('click', () => setMode('reply'));
    modeNote.addEventListener('click', () => setMode('note'));
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      send();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        send();
      }
    });
    cannedSelect.addEventListener('change', () => {
      const reply = state.canned.find((r) => r.id === cannedSelect.value);
      cannedSelect.value = '';
      if (!reply) return;
      const lang = (c.data && c.data.entry.lang) || 'zh-CN';
      const text = reply.text[lang] || reply.text['zh-CN'];
      const start = input.selectionStart ?? input.value.length;
      const end = input.selectionEnd ?? input.value.length;
      input.setRangeText(text, start, end, 'end');
      input.focus();
    });

    c.start = () => {
      renderComposerMode();
      reload();
      // Colleagues may have been added since sign-in (transfer, names of notes).
      api('GET', '/agents')
        .then((data) => {
          state.agents = data.agents;
          if (c.data && !c.destroyed) render();
        })
        .catch(() => undefined);
    };
    c.onChange = (change) => {
      if (change.id === id && (change.type === 'conversation' || change.type === 'queue')) reload();
      else if (change.type === 'ticket' && c.data && c.data.tickets.some((tk) => tk.id === change.id)) reload();
    };
    c.tick = () => {
      if (c.data) render();
    };
    c.keep = () => ({ draft: input.value, mode: c.mode });
    c.restore = (kept) => {
      input.value = kept.draft || '';
      if (kept.mode) setMode(kept.mode, false);
    };
    c.destroy = () => {
      c.destroyed = true;
    };
    return c;
  }

  // ---- SLA clocks ------------------------------------------------------------------------------------
  /** The clocks of a ticket: each with its state (running, done, stopped) and urgency. */
  function clocksOf(ticket) {
    const finished = ticket.status === 'resolved' || ticket.status === 'closed';
    const defs = [
      { key: 'response', due: ticket.responseDueAt, done: ticket.respondedAt },
      { key: 'onSite', due: ticket.onSiteDueAt, done: ticket.onSiteAt },
      { key: 'repair', due: ticket.repairDueAt, done: ticket.resolvedAt },
      { key: 'loaner', due: ticket.loanerDueAt, done: ticket.resolvedAt },
    ];
    return defs
      .filter((d) => d.due)
      .map((d) => {
        const due = Date.parse(d.due);
        if (d.done) {
          const at = Date.parse(d.done);
          return { ...d, state: 'done', late: at > due, left: due - at };
        }
        if (finished) return { ...d, state: 'stopped', left: Infinity };
        return { ...d, state: 'running', left: due - now() };
      });
  }

  function clockText(clock) {
    if (clock.state === 'done') return t(clock.late ? 'clockDoneLate' : 'clockDone', { at: fmtTime(clock.done) });
    if (clock.state === 'stopped') return t('clockStopped');
    return clock.left >= 0 ? t('clockLeft', { d: fmtDuration(clock.left) }) : t('clockOverdue', { d: fmtDuration(clock.left) });
  }

  function clockClass(clock) {
    if (clock.state === 'done') return clock.late ? 'clock clock-done clock-late' : 'clock clock-done';
    if (clock.state === 'stopped') return 'clock clock-stopped';
    if (clock.left < 0) return 'clock clock-overdue';
    if (clock.left < 30 * 60_000) return 'clock clock-soon';
    return 'clock clock-running';
  }

  function clockChip(clock) {
    return h('span', { class: clockClass(clock), dataset: { clock: clock.key } }, h('span', { class: 'clock-name' }, t(`clock_${clock.key}`)), ' ', h('span', { class: 'clock-state' }, clockText(clock)));
  }

  /** The row's clocks: running ones, most urgent first; otherwise the last finished one. */
  function rowClocks(ticket) {
    const all = clocksOf(ticket);
    const running = all.filter((c) => c.state === 'running').sort((a, b) => a.left - b.left);
    if (running.length > 0) return running;
    const done = all.filter((c) => c.state === 'done');
    return done.length > 0 ? [done[done.length - 1]] : [];
  }

  // ---- tickets list ----------------------------------------------------------------------------------
  function ticketsView() {
    const f = state.ticketFilters;
    const meta = state.meta;
    const statusSelect = h('select', { class: 'select', id: 'f-status', 'aria-label': t('filterStatus') }, options([{ value: '', label: t('allStatuses') }, ...meta.statuses.map((s) => ({ value: s.id, label: local(s.label) }))], f.status));
    const severitySelect = h('select', { class: 'select', id: 'f-severity', 'aria-label': t('filterSeverity') }, options([{ value: '', label: t('allSeverities') }, ...SEVERITIES.map((s) => ({ value: s, label: t('severityShort', { s }) }))], f.severity));
    const contractSelect = h('select', { class: 'select', id: 'f-contract', 'aria-label': t('filterContract') }, options([{ value: '', label: t('allContracts') }, ...meta.contracts.map((c) => ({ value: c.id, label: c.id }))], f.contract));
    const siteSelect = h('select', { class: 'select', id: 'f-site', 'aria-label': t('filterSite') }, options([{ value: '', label: t('allSites') }, ...meta.sites.map((s) => ({ value: s.id, label: s.label }))], f.site));
    const assigneeSelect = h('select', { class: 'select', id: 'f-assignee', 'aria-label': t('filterAssignee') });
    const openBox = h('input', { type: 'checkbox', id: 'f-open', checked: f.open });
    const search = h('input', { type: 'search', class: 'input', id: 'f-q', placeholder: t('searchPlaceholder'), 'aria-label': t('searchLabel'), value: f.q, maxlength: '100' });
    const clearButton = h('button', { type: 'button', class: 'link-button', id: 'f-clear' }, t('clearFilters'));
    const filters = h(
      'form',
      { class: 'filters', id: 'filters', role: 'search' },
      search,
      statusSelect,
      severitySelect,
      contractSelect,
      siteSelect,
      assigneeSelect,
      h('label', { class: 'check' }, openBox, h('span', null, t('openOnly'))),
      clearButton,
    );
    const count = h('p', { class: 'count-line', id: 'ticket-count', role: 'status' });
    const error = h('p', { class: 'view-error', role: 'alert', hidden: true });
    const table = h('div', { class: 'ticket-table', id: 'ticket-list', role: 'table', 'aria-label': t('ticketsTitle') });
    const el = h('section', { class: 'tickets-view' }, h('div', { class: 'view-head' }, h('h2', { class: 'view-title' }, t('ticketsTitle')), count), filters, error, table);
    let tickets = null;
    let destroyed = false;

    function fillAssignees() {
      const people = state.agents.filter((a) => a.role !== 'engineer');
      clear(assigneeSelect);
      assigneeSelect.append(
        ...options(
          [
            { value: '', label: t('allAssignees') },
            { value: 'none', label: t('unassigned') },
            ...(state.me.role !== 'engineer' ? [{ value: state.me.id, label: t('assignedToMe') }] : []),
            ...people.filter((a) => a.id !== state.me.id).map((a) => ({ value: a.id, label: a.displayName })),
          ],
          f.assignee,
        ),
      );
    }
    fillAssignees();

    const load = coalesce(async () => {
      const params = new URLSearchParams();
      if (f.status) params.set('status', f.status);
      if (f.severity) params.set('severity', f.severity);
      if (f.contract) params.set('contract', f.contract);
      if (f.site) params.set('site', f.site);
      if (f.assignee) params.set('assignee', f.assignee);
      if (f.open && !f.status) params.set('open', 'true');
      if (f.q.trim()) params.set('q', f.q.trim());
      let data;
      try {
        data = await api('GET', `/tickets?${params}`);
      } catch (e) {
        if (e.expired || destroyed) return;
        flash(error, t('loadFailed', { message: describe(e) }), 'error');
        return;
      }
      if (destroyed) return;
      flash(error, '', 'error');
      tickets = data.tickets;
      render();
    });

    function render() {
      clear(table);
      count.textContent = tickets ? t('ticketCount', { n: tickets.length }) : '';
      if (!tickets) {
        table.append(h('p', { class: 'loading' }, t('loading')));
        return;
      }
      table.append(
        h(
          'div',
          { class: 'tr th', role: 'row' },
          [t('colNumber'), t('colStatus'), t('colWhat'), t('colReporter'), t('colAssignee'), t('colClocks')].map((label) => h('span', { role: 'columnheader' }, label)),
        ),
      );
      if (tickets.length === 0) table.append(h('p', { class: 'empty', id: 'tickets-empty' }, t('noTickets')));
      for (const ticket of tickets) table.append(row(ticket));
    }

    function row(ticket) {
      const what = [ticket.asset ? `${deviceLabel(ticket.asset.kind)} ${ticket.asset.tag}` : '', [ticket.site, ticket.room].filter(Boolean).join(' ')].filter(Boolean).join(' · ');
      const clocks = rowClocks(ticket);
      const overdue = clocks.some((c) => c.state === 'running' && c.left < 0);
      return h(
        'a',
        { class: `tr ticket-row${overdue ? ' is-overdue' : ''}`, role: 'row', href: `#/tickets/${encodeURIComponent(ticket.id)}`, dataset: { id: ticket.id, number: ticket.number } },
        h(
          'span',
          { class: 'td td-number', role: 'cell' },
          severityBadge(ticket.severity, severityName(ticket.contractId, ticket.severity)),
          h('span', { class: 'tk-number' }, ticket.number),
          h('span', { class: 'tk-when' }, fmtTime(ticket.reportedAt)),
        ),
        h('span', { class: 'td', role: 'cell' }, h('span', { class: `status-pill status-${ticket.status}` }, statusLabel(ticket.status))),
        h('span', { class: 'td td-what', role: 'cell' }, h('span', { class: 'tk-desc' }, ticket.description), h('span', { class: 'tk-place' }, what)),
        h('span', { class: 'td', role: 'cell' }, ticket.reporterName || '—'),
        h('span', { class: 'td', role: 'cell' }, ticket.assigneeName || h('span', { class: 'muted' }, t('unassigned')), ticket.engineerName ? h('span', { class: 'tk-engineer' }, `${t('engineer')}：${ticket.engineerName}`) : null),
        h('span', { class: 'td td-clocks', role: 'cell' }, clocks.map(clockChip)),
      );
    }

    const readFilters = () => {
      f.status = statusSelect.value;
      f.severity = severitySelect.value;
      f.contract = contractSelect.value;
      f.site = siteSelect.value;
      f.assignee = assigneeSelect.value;
      f.open = openBox.checked;
      f.q = search.value;
    };
    const typed = debounce(() => {
      readFilters();
      load();
    }, 300);
    filters.addEventListener('change', () => {
      readFilters();
      load();
    });
    search.addEventListener('input', typed);
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      typed.cancel();
      readFilters();
      load();
    });
    clearButton.addEventListener('click', () => {
      Object.assign(f, { status: '', severity: '', contract: '', site: '', assignee: '', open: true, q: '' });
      statusSelect.value = '';
      severitySelect.value = '';
      contractSelect.value = '';
      siteSelect.value = '';
      assigneeSelect.value = '';
      openBox.checked = true;
      search.value = '';
      load();
    });

    // New tickets arrive with the bot's messages; changes to tickets as events.
    const later = debounce(() => load(), 1500);
    const soon = debounce(() => load(), 200);
    const tick = setInterval(() => tickets && render(), TICK_MS);

    return {
      name: 'tickets',
      id: '',
      el,
      start() {
        render();
        load();
        api('GET', '/agents')
          .then((data) => {
            state.agents = data.agents;
            if (!destroyed) fillAssignees();
          })
          .catch(() => undefined);
      },
      refresh: load,
      onChange(change) {
        if (change.type === 'ticket') soon();
        else if (change.type === 'conversation') later();
      },
      keep() {
        typed.cancel();
        readFilters();
        return null;
      },
      destroy() {
        destroyed = true;
        clearInterval(tick);
        typed.cancel();
        later.cancel();
        soon.cancel();
      },
    };
  }

  // ---- one ticket ------------------------------------------------------------------------------------
  function ticketView(id) {
    const el = h('section', { class: 'ticket-view', dataset: { id } });
    const message = h('p', { class: 'view-message', id: 'ticket-message', hidden: true });
    let ticket = null;
    let destroyed = false;
    let busy = false;

    const load = coalesce(async () => {
      let data;
      try {
        data = await api('GET', `/tickets/${encodeURIComponent(id)}`);
      } catch (error) {
        if (error.expired || destroyed) return;
        if (!ticket) {
          clear(el);
          el.append(backLink(), h('p', { class: 'view-error', role: 'alert' }, t('loadFailed', { message: describe(error) })));
        } else flash(message, t('loadFailed', { message: describe(error) }), 'error');
        return;
      }
      if (destroyed) return;
      ticket = data.ticket;
      render(true);
    });

    function backLink() {
      return h('a', { class: 'back-link link', href: '#/tickets' }, `‹ ${t('backToTickets')}`);
    }

    /** Values typed in the command forms survive a live reload (fields left alone show the news). */
    function formValues() {
      const values = {};
      for (const field of el.querySelectorAll('input[id], select[id], textarea[id]')) if (field.dataset.dirty === '1') values[field.id] = field.value;
      return values;
    }
    const touched = (event) => {
      if (event.target && event.target.id) event.target.dataset.dirty = '1';
    };
    el.addEventListener('input', touched);
    el.addEventListener('change', touched);

    function render(keepValues) {
      const values = keepValues ? formValues() : {};
      const focused = document.activeElement && el.contains(document.activeElement) ? document.activeElement.id : '';
      clear(el);
      el.append(backLink(), header(), message, h('div', { class: 'ticket-grid' }, h('div', { class: 'ticket-info' }, infoSections()), h('div', { class: 'ticket-side' }, commandSections())));
      for (const [fieldId, value] of Object.entries(values)) {
        const field = el.querySelector(`#${CSS.escape(fieldId)}`);
        if (field && field.type !== 'checkbox') {
          if (field.tagName === 'SELECT' && ![...field.options].some((o) => o.value === value)) continue;
          field.value = value;
          field.dataset.dirty = '1';
        }
      }
      if (focused) {
        const again = el.querySelector(`#${CSS.escape(focused)}`);
        if (again) again.focus();
      }
    }

    function header() {
      const sevTitle = severityName(ticket.contractId, ticket.severity);
      return h(
        'header',
        { class: 'ticket-head' },
        h(
          'div',
          { class: 'ticket-title-row' },
          severityBadge(ticket.severity, sevTitle),
          h('h2', { class: 'ticket-number', id: 'ticket-number' }, ticket.number),
          h('span', { class: `status-pill status-${ticket.status}`, id: 'ticket-status' }, statusLabel(ticket.status)),
          ticket.conversationId && can('conversations.view') ? h('a', { class: 'button button-quiet button-small', href: `#/queue/${encodeURIComponent(ticket.conversationId)}`, id: 'open-conversation' }, t('openConversation')) : null,
        ),
        h('p', { class: 'ticket-desc' }, ticket.description),
      );
    }

    function section(titleText, ...content) {
      return h('section', { class: 'card' }, h('h3', { class: 'card-title' }, titleText), ...content);
    }

    function dl(pairs, cls) {
      return h('dl', { class: cls || 'facts' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
    }

    function infoSections() {
      const out = [];
      const where = [ticket.site, ticket.room].filter(Boolean).join(' ');
      const facts = ticket.facts || {};
      const factPairs = ['device', 'accessory', 'symptom', 'usable', 'scope', 'cause', 'majorEvent']
        .filter((k) => facts[k] !== undefined && facts[k] !== null)
        .map((k) => [t(k === 'device' ? 'deviceKind' : k), factLabel(k, facts[k])]);
      out.push(
        section(
          t('facts'),
          dl([
            [t('reporter'), ticket.reporterName || '—'],
            [t('place'), where || '—'],
            [t('device'), ticket.asset ? `${deviceLabel(ticket.asset.kind)} ${ticket.asset.tag}` : '—'],
            [t('reportedAt'), fmtTime(ticket.reportedAt)],
            [t('contract'), `${ticket.contractId} · ${contractName(ticket.contractId)}`],
            ...factPairs,
          ]),
        ),
      );

      const severity = h('span', { class: 'inline' }, severityBadge(ticket.severity), ` ${severityName(ticket.contractId, ticket.severity)}`, ticket.severityOverridden ? h('span', { class: 'flag', id: 'severity-overridden' }, t('overridden')) : null);
      const warranty = h('span', { class: 'inline' }, warrantyLabel(ticket.warranty), ticket.warrantyOverridden ? h('span', { class: 'flag', id: 'warranty-overridden' }, t('overridden')) : null);
      const reasons = h(
        'ul',
        { class: 'reasons', id: 'reasons' },
        (ticket.reasons || []).map((r) => h('li', null, h('span', { class: 'reason-ref' }, `${r.contract} ${t('clause', { c: r.clause })}`), h('span', { class: 'reason-text' }, local(r.text)))),
      );
      out.push(
        section(
          t('severityWarranty'),
          dl([
            [t('severity'), severity],
            [t('warranty'), warranty],
            [t('billable'), ticket.billable ? t('billableYes') : t('billableNo')],
          ]),
          h('h4', { class: 'sub-title' }, t('reasons')),
          reasons,
        ),
      );

      const clocks = clocksOf(ticket);
      out.push(
        section(
          t('clocks'),
          h(
            'ul',
            { class: 'clock-list', id: 'clocks' },
            clocks.map((c) => h('li', { class: 'clock-line' }, clockChip(c), h('span', { class: 'clock-due' }, t('due', { at: fmtTime(c.due) })))),
          ),
          dl([
            [t('engineer'), ticket.engineerName || t('noEngineer')],
            ticket.appointmentAt ? [t('appointment'), fmtTime(ticket.appointmentAt)] : null,
            [t('assignee'), ticket.assigneeName || t('unassigned')],
          ]),
        ),
      );

      if (ticket.report) {
        out.push(
          section(
            t('report'),
            dl(
              REPORT_FIELDS.map((k) => [t(k === 'cause' ? 'reportCause' : k), ticket.report[k]]),
              'facts',
            ),
          ),
        );
      }

      const photos = (ticket.attachments || []).map((a) => {
        const src = `${API}/tickets/${encodeURIComponent(ticket.id)}/attachments/${encodeURIComponent(a.id)}`;
        const img = h('img', { class: 'photo', src, alt: t('photo'), loading: 'lazy' });
        img.addEventListener('error', () => img.replaceWith(h('span', { class: 'photo-broken' }, t('photoBroken'))));
        return h('a', { href: src, target: '_blank', rel: 'noopener' }, img);
      });
      out.push(section(t('photos'), photos.length > 0 ? h('div', { class: 'photos' }, photos) : h('p', { class: 'muted' }, t('noPhotos'))));

      out.push(section(t('events'), eventLog()));
      return out;
    }

    function eventLog() {
      const list = h('ol', { class: 'events', id: 'events' });
      for (const event of ticket.events || []) {
        const who = event.actorName || (event.actor === 'bot' ? t('actor_bot') : event.actor === 'system' ? t('actor_system') : agentName(event.actor) || event.actor);
        const [what, why] = describeEvent(event);
        list.append(
          h(
            'li',
            { class: 'event', dataset: { kind: event.kind } },
            h('time', { class: 'event-time', datetime: event.at }, fmtTime(event.at)),
            h('span', { class: 'event-who' }, who),
            h('span', { class: 'event-what' }, what),
            why ? h('span', { class: 'event-why' }, why) : null,
          ),
        );
      }
      return list;
    }

    function describeEvent(event) {
      const d = event.data || {};
      const reasonText = (r) => (r && typeof r === 'object' ? `${local(r.text)}（${r.contract} ${t('clause', { c: r.clause })}）` : r || '');
      switch (event.kind) {
        case 'created':
          return [t('ev_created', { severity: d.severity || ticket.severity, warranty: warrantyLabel(d.warranty || ticket.warranty) }), ''];
        case 'assigned':
          return [d.to ? t('ev_assigned', { to: agentName(d.to) || d.to }) : t('ev_unassigned'), ''];
        case 'status_changed':
          return [t('ev_status_changed', { from: statusLabel(d.from), to: statusLabel(d.to) }), d.note || ''];
        case 'dispatched':
          return [t('ev_dispatched', { engineer: d.engineer || agentName(d.engineerId), at: fmtTime(d.appointmentAt) }), ''];
        case 'visit_rescheduled':
          return [t('ev_visit_rescheduled', { at: fmtTime(d.to) }), ''];
        case 'severity_overridden':
          return [t('ev_severity_overridden', { from: d.from, to: d.to }), reasonText(d.reason)];
        case 'severity_escalated':
          return [t('ev_severity_escalated', { from: d.from, to: d.to }), reasonText(d.reason)];
        case 'warranty_overridden':
          return [t('ev_warranty_overridden', { from: warrantyLabel(d.from), to: warrantyLabel(d.to) }), reasonText(d.reason)];
        case 'closed':
          return [t('ev_closed'), d.report ? t('reportLine', d.report) : ''];
        case 'first_response':
          return [t('ev_first_response'), ''];
        default:
          return [t('ev_other', { kind: event.kind }), d.reason ? reasonText(d.reason) : d.note || ''];
      }
    }

    // ---- commands ----
    function mayWork() {
      return can('tickets.manage') || (state.me.role === 'engineer' && ticket.engineerId === state.me.id);
    }

    function commandSections() {
      const out = [];
      if (ticket.status === 'closed') {
        out.push(section(t('commands'), h('p', { class: 'muted', id: 'no-commands' }, t('closedNote'))));
        return out;
      }
      const engineer = state.me.role === 'engineer';
      if (!mayWork() && !can('tickets.override')) {
        out.push(section(t('commands'), h('p', { class: 'muted', id: 'no-commands' }, engineer ? t('notYourTicket') : t('errForbidden'))));
        return out;
      }
      if (mayWork()) {
        const targets = (TRANSITIONS[ticket.status] || []).filter((s) => s !== 'closed' && s !== 'on_site_dispatched' && (!engineer || ENGINEER_MOVES.includes(s)));
        if (targets.length > 0) {
          const note = h('input', { class: 'input', id: 'move-note', maxlength: '2000', placeholder: t('moveNote'), 'aria-label': t('moveNote') });
          out.push(
            section(
              t('moveTitle'),
              h('div', { class: 'move-buttons', id: 'move-buttons' }, targets.map((s) => h('button', { type: 'button', class: 'button button-quiet move', dataset: { to: s }, onclick: () => command({ kind: 'move', to: s, ...(note.value.trim() ? { note: note.value.trim() } : {}) }, t('moved', { status: statusLabel(s) })) }, statusLabel(s)))),
              note,
            ),
          );
        }
        if (!engineer && (ticket.status === 'on_site_dispatched' || (TRANSITIONS[ticket.status] || []).includes('on_site_dispatched'))) out.push(dispatchForm());
        if (!engineer && ticket.status === 'on_site_dispatched' && ticket.engineerId) out.push(rescheduleForm());
        if (ticket.status === 'resolved') out.push(closeForm());
        if (!engineer) out.push(assignForm());
      }
      if (can('tickets.override')) {
        out.push(overrideForm('severity'));
        out.push(overrideForm('warranty'));
      }
      if (engineer && mayWork()) out.push(h('p', { class: 'muted small' }, t('engineerCanDo')));
      if (out.length === 0) out.push(section(t('commands'), h('p', { class: 'muted', id: 'no-commands' }, t('noCommands'))));
      return out;
    }

    function formError(id) {
      return h('p', { class: 'form-error', id, role: 'alert', hidden: true });
    }

    function dispatchForm() {
      const engineers = state.agents.filter((a) => a.role === 'engineer' && a.active);
      const select = h('select', { class: 'select', id: 'dispatch-engineer', 'aria-label': t('engineer') }, options([{ value: '', label: t('chooseEngineer') }, ...engineers.map((a) => ({ value: a.id, label: a.displayName }))], ''));
      const when = h('input', { class: 'input', type: 'datetime-local', id: 'dispatch-at', min: zonedLocal(now()), step: '300' });
      const error = formError('dispatch-error');
      const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'dispatch' }, t('doDispatch'));
      const form = h(
        'form',
        { class: 'cmd-form', novalidate: true },
        engineers.length === 0 ? h('p', { class: 'muted' }, t('noEngineers')) : null,
        h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('engineer')), select),
        h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('appointmentAt', { tz: timeZone() })), when),
        error,
        submit,
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!select.value) return flash(error, t('needEngineer'), 'error');
        const at = zonedIso(when.value);
        if (!at) return flash(error, t('needTime'), 'error');
        const name = agentName(select.value);
        command({ kind: 'dispatch', engineerId: select.value, appointmentAt: at }, t('dispatched', { engineer: name, at: fmtTime(at) }), error);
      });
      return section(ticket.status === 'on_site_dispatched' ? t('redispatchTitle') : t('dispatchTitle'), form);
    }

    function rescheduleForm() {
      const when = h('input', { class: 'input', type: 'datetime-local', id: 'reschedule-at', min: zonedLocal(now()), step: '300', value: ticket.appointmentAt ? zonedLocal(ticket.appointmentAt) : '' });
      const error = formError('reschedule-error');
      const form = h('form', { class: 'cmd-form', novalidate: true }, h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('appointmentAt', { tz: timeZone() })), when), error, h('button', { type: 'submit', class: 'button button-quiet', id: 'reschedule' }, t('doReschedule')));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const at = zonedIso(when.value);
        if (!at) return flash(error, t('needTime'), 'error');
        command({ kind: 'reschedule', appointmentAt: at }, t('rescheduled', { at: fmtTime(at) }), error);
      });
      return section(t('rescheduleTitle'), form);
    }

    function assignForm() {
      const people = state.agents.filter((a) => a.active && a.role !== 'engineer');
      const select = h('select', { class: 'select', id: 'assign-agent', 'aria-label': t('assignee') }, options([{ value: '', label: t('unassigned') }, ...people.map((a) => ({ value: a.id, label: a.id === state.me.id ? `${a.displayName}${t('you')}` : a.displayName }))], ticket.assigneeId || ''));
      const error = formError('assign-error');
      const form = h('form', { class: 'cmd-form cmd-inline', novalidate: true }, select, h('button', { type: 'submit', class: 'button button-quiet', id: 'assign' }, t('doAssign')), error);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const to = select.value || null;
        command({ kind: 'assign', agentId: to }, to ? t('assigned', { name: agentName(to) }) : t('unassignedDone'), error);
      });
      return section(t('assignTitle'), form);
    }

    function overrideForm(what) {
      const isSeverity = what === 'severity';
      const choices = isSeverity
        ? SEVERITIES.filter((s) => s !== ticket.severity).map((s) => ({ value: s, label: severityName(ticket.contractId, s) }))
        : WARRANTIES.filter((w) => w !== ticket.warranty).map((w) => ({ value: w, label: warrantyLabel(w) }));
      const select = h('select', { class: 'select', id: `override-${what}-to`, 'aria-label': isSeverity ? t('severity') : t('warranty') }, options([{ value: '', label: '—' }, ...choices], ''));
      const reason = h('input', { class: 'input', id: `override-${what}-reason`, maxlength: '2000', placeholder: t('reasonRequired'), 'aria-label': t('reasonRequired') });
      const error = formError(`override-${what}-error`);
      const form = h('form', { class: 'cmd-form', novalidate: true }, h('div', { class: 'cmd-inline' }, select, reason), error, h('button', { type: 'submit', class: 'button button-quiet', id: `override-${what}` }, t('doOverride')));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!select.value) return flash(error, t('needNewValue'), 'error');
        if (!reason.value.trim()) {
          reason.setAttribute('aria-invalid', 'true');
          return flash(error, t('needReason'), 'error');
        }
        const body = { kind: isSeverity ? 'override_severity' : 'override_warranty', to: select.value, reason: reason.value.trim() };
        command(body, isSeverity ? t('severityChanged', { s: select.value }) : t('warrantyChanged', { w: warrantyLabel(select.value) }), error);
      });
      return section(isSeverity ? t('overrideSeverityTitle') : t('overrideWarrantyTitle'), form);
    }

    function closeForm() {
      const fields = REPORT_FIELDS.map((k) => ({
        key: k,
        label: t(k === 'cause' ? 'reportCause' : k),
        input: h(k === 'problemType' ? 'input' : 'textarea', { class: 'input', id: `report-${k}`, maxlength: k === 'problemType' ? '500' : '4000', rows: k === 'problemType' ? undefined : '2' }),
      }));
      const error = formError('close-error');
      const form = h(
        'form',
        { class: 'cmd-form', id: 'close-form', novalidate: true },
        h('p', { class: 'muted small' }, t('closeHint')),
        fields.map((f) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, f.label), f.input)),
        error,
        h('button', { type: 'submit', class: 'button button-primary', id: 'close-ticket' }, t('doClose')),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const missing = fields.filter((f) => !f.input.value.trim());
        for (const f of fields) {
          if (missing.includes(f)) f.input.setAttribute('aria-invalid', 'true');
          else f.input.removeAttribute('aria-invalid');
        }
        if (missing.length > 0) {
          flash(error, t('needReport', { fields: missing.map((f) => f.label).join(t('listSep')) }), 'error');
          missing[0].input.focus();
          return;
        }
        const report = Object.fromEntries(fields.map((f) => [f.key, f.input.value.trim()]));
        command({ kind: 'close', report }, t('closedDone'), error);
      });
      return section(t('closeTitle'), form);
    }

    async function command(body, done, errorEl) {
      if (busy) return;
      busy = true;
      for (const b of el.querySelectorAll('.ticket-side button')) b.disabled = true;
      flash(message, '', 'ok');
      try {
        const data = await api('POST', `/tickets/${encodeURIComponent(id)}/commands`, { ...body, version: ticket.updatedAt });
        if (destroyed) return;
        ticket = data.ticket;
        render(false);
        flash(message, done, 'ok');
      } catch (error) {
        if (error.expired || destroyed) return;
        if (error.code === 'stale') {
          await load();
          flash(message, t('stale'), 'error');
        } else if (error.code === 'report_required') {
          flash(errorEl || message, t('needReport', { fields: REPORT_FIELDS.map((k) => t(k === 'cause' ? 'reportCause' : k)).join(t('listSep')) }), 'error');
        } else {
          flash(errorEl || message, describe(error), 'error');
        }
      } finally {
        busy = false;
        for (const b of el.querySelectorAll('.ticket-side button')) b.disabled = false;
      }
    }

    const tick = setInterval(() => {
      if (!ticket) return;
      const list = el.querySelector('#clocks');
      if (list) list.replaceWith(h('ul', { class: 'clock-list', id: 'clocks' }, clocksOf(ticket).map((c) => h('li', { class: 'clock-line' }, clockChip(c), h('span', { class: 'clock-due' }, t('due', { at: fmtTime(c.due) }))))));
    }, TICK_MS);

    return {
      name: 'ticket',
      id,
      el,
      start() {
        el.append(backLink(), h('p', { class: 'loading' }, t('loading')));
        load();
        api('GET', '/agents')
          .then((data) => {
            state.agents = data.agents;
            if (ticket && !destroyed) render(true);
          })
          .catch(() => undefined);
      },
      refresh: load,
      onChange(change) {
        if (change.type === 'ticket' && change.id === id && !busy) load();
      },
      destroy() {
        destroyed = true;
        clearInterval(tick);
      },
    };
  }

  // ---- accounts --------------------------------------------------------------------------------------
  function accountsView() {
    const el = h('section', { class: 'accounts-view' });
    if (!can('agents.manage')) {
      el.append(h('h2', { class: 'view-title' }, t('accountsTitle')), h('p', { class: 'view-error', role: 'alert', id: 'no-access' }, t('accountsOnlyAdmin')));
      return { name: 'accounts', id: '', el };
    }
    let destroyed = false;
    const message = h('p', { class: 'view-message', id: 'accounts-message', hidden: true });
    const table = h('div', { class: 'account-table', id: 'accounts', role: 'table', 'aria-label': t('accountsTitle') });

    const username = h('input', { class: 'input', id: 'new-username', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', maxlength: '40' });
    const displayName = h('input', { class: 'input', id: 'new-display-name', autocomplete: 'off', maxlength: '60' });
    const role = h('select', { class: 'select', id: 'new-role' }, options(ROLES.map((r) => ({ value: r, label: t(`role_${r}`) })), 'agent'));
    const lang = h('select', { class: 'select', id: 'new-lang' }, options(LANGS.map((l) => ({ value: l, label: l === 'en' ? t('lang_en') : t('lang_zh') })), 'zh-CN'));
    const password = h('input', { class: 'input', id: 'new-password', type: 'password', autocomplete: 'new-password', maxlength: '200' });
    const createError = h('p', { class: 'form-error', id: 'create-error', role: 'alert', hidden: true });
    const createButton = h('button', { type: 'submit', class: 'button button-primary', id: 'create-account' }, t('create'));
    const field = (label, input) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input);
    const form = h(
      'form',
      { class: 'card create-form', id: 'create-form', novalidate: true, autocomplete: 'off' },
      h('h3', { class: 'card-title' }, t('createTitle')),
      h('div', { class: 'form-grid' }, field(t('username'), username), field(t('displayName'), displayName), field(t('role'), role), field(t('language'), lang), field(t('initialPassword'), password)),
      createError,
      createButton,
    );
    el.append(h('div', { class: 'view-head' }, h('h2', { class: 'view-title' }, t('accountsTitle'))), message, table, form);

    const load = coalesce(async () => {
      try {
        const data = await api('GET', '/agents');
        if (destroyed) return;
        state.agents = data.agents;
        render();
      } catch (error) {
        if (!error.expired && !destroyed) flash(message, t('loadFailed', { message: describe(error) }), 'error');
      }
    });

    function render() {
      clear(table);
      table.append(h('div', { class: 'tr th', role: 'row' }, [t('displayName'), t('username'), t('role'), t('language'), t('state'), ''].map((label) => h('span', { role: 'columnheader' }, label))));
      for (const agent of state.agents) table.append(row(agent));
    }

    function row(agent) {
      const self = agent.id === state.me.id;
      const roleSelect = h('select', { class: 'select select-small', 'aria-label': t('role'), disabled: self || undefined, dataset: { field: 'role' } }, options(ROLES.map((r) => ({ value: r, label: t(`role_${r}`) })), agent.role));
      roleSelect.addEventListener('change', () => change(agent, { role: roleSelect.value }, t('roleChanged', { name: agent.displayName, role: t(`role_${roleSelect.value}`) })));
      const langSelect = h('select', { class: 'select select-small', 'aria-label': t('language'), dataset: { field: 'lang' } }, options(LANGS.map((l) => ({ value: l, label: l === 'en' ? t('lang_en') : t('lang_zh') })), agent.lang));
      langSelect.addEventListener('change', () => change(agent, { lang: langSelect.value }, t('langChanged', { name: agent.displayName, lang: langSelect.value === 'en' ? t('lang_en') : t('lang_zh') })));
      const toggle = h('button', { type: 'button', class: 'button button-quiet button-small', disabled: self || undefined, dataset: { action: agent.active ? 'deactivate' : 'reactivate' } }, agent.active ? t('deactivate') : t('reactivate'));
      toggle.addEventListener('click', () => change(agent, { active: !agent.active }, t(agent.active ? 'deactivated' : 'reactivated', { name: agent.displayName })));
      const resetButton = h('button', { type: 'button', class: 'button button-quiet button-small', dataset: { action: 'reset' } }, t('resetPassword'));
      const resetInput = h('input', { class: 'input input-small', type: 'password', autocomplete: 'new-password', maxlength: '200', placeholder: t('newPassword'), 'aria-label': t('newPassword') });
      const resetSave = h('button', { type: 'submit', class: 'button button-primary button-small', dataset: { action: 'set-password' } }, t('setPassword'));
      const resetCancel = h('button', { type: 'button', class: 'link-button' }, t('cancel'));
      const resetError = h('p', { class: 'form-error', role: 'alert', hidden: true });
      const resetForm = h('form', { class: 'reset-form', hidden: true, novalidate: true }, resetInput, resetSave, resetCancel, resetError);
      resetButton.addEventListener('click', () => {
        resetForm.hidden = false;
        resetButton.hidden = true;
        resetInput.focus();
      });
      resetCancel.addEventListener('click', () => {
        resetForm.hidden = true;
        resetButton.hidden = false;
        resetInput.value = '';
      });
      resetForm.addEventListener('submit', (event) => {
        event.preventDefault();
        if (resetInput.value.length < 12) return flash(resetError, t('errPassword'), 'error');
        change(agent, { password: resetInput.value }, t('passwordReset', { name: agent.displayName }));
      });
      return h(
        'div',
        { class: `tr account-row${agent.active ? '' : ' is-inactive'}`, role: 'row', dataset: { id: agent.id, username: agent.username } },
        h('span', { class: 'td td-name', role: 'cell' }, agent.displayName, self ? h('span', { class: 'muted' }, t('you')) : null),
        h('span', { class: 'td td-username', role: 'cell' }, agent.username),
        h('span', { class: 'td', role: 'cell' }, roleSelect),
        h('span', { class: 'td', role: 'cell' }, langSelect),
        h('span', { class: 'td', role: 'cell' }, h('span', { class: `state-pill ${agent.active ? 'state-active' : 'state-inactive'}` }, agent.active ? t('active') : t('inactive'))),
        h('span', { class: 'td td-actions', role: 'cell' }, toggle, resetButton, resetForm),
      );
    }

    async function change(agent, body, done) {
      flash(message, '', 'ok');
      try {
        await api('PATCH', `/agents/${encodeURIComponent(agent.id)}`, body);
        flash(message, done, 'ok');
      } catch (error) {
        if (error.expired) return;
        flash(message, describe(error), 'error');
      }
      load();
    }

    form.addEventListener('input', () => flash(createError, '', 'error'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { username: username.value.trim(), displayName: displayName.value.trim(), role: role.value, lang: lang.value, password: password.value };
      const problems = [];
      if (!/^[A-Za-z0-9._-]{3,40}$/.test(body.username)) problems.push([username, t('errUsername')]);
      if (!body.displayName) problems.push([displayName, t('errDisplayName')]);
      if (body.password.length < 12) problems.push([password, t('errPassword')]);
      for (const input of [username, displayName, password]) input.removeAttribute('aria-invalid');
      if (problems.length > 0) {
        for (const [input] of problems) input.setAttribute('aria-invalid', 'true');
        flash(createError, problems.map((p) => p[1]).join(' '), 'error');
        problems[0][0].focus();
        return;
      }
      createButton.disabled = true;
      flash(createError, '', 'error');
      try {
        const data = await api('POST', '/agents', body);
        flash(message, t('created', { name: data.agent.displayName }), 'ok');
        username.value = '';
        displayName.value = '';
        password.value = '';
        role.value = 'agent';
        lang.value = 'zh-CN';
        await load();
        username.focus();
      } catch (error) {
        if (error.expired) return;
        flash(createError, describe(error, { username: body.username }), 'error');
      } finally {
        createButton.disabled = false;
      }
    });

    return {
      name: 'accounts',
      id: '',
      el,
      start() {
        render();
        load();
      },
      refresh: load,
      destroy() {
        destroyed = true;
      },
    };
  }

  // ---- start -----------------------------------------------------------------------------------------
  ui.loginForm.addEventListener('submit', submitLogin);
  ui.loginLang.addEventListener('click', () => setLang(state.lang === 'en' ? 'zh-CN' : 'en'));
  ui.langSwitch.addEventListener('click', () => setLang(state.lang === 'en' ? 'zh-CN' : 'en'));
  ui.signOut.addEventListener('click', signOut);
  window.addEventListener('hashchange', () => route());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.me) loadQueue();
  });

  applyStaticText();
  (async () => {
    try {
      const session = await api('GET', '/me', undefined, { login: true });
      await enter(session);
    } catch (error) {
      showLogin(null);
      if (error.status !== 401) flash(ui.loginError, describe(error), 'error');
    }
  })();
})();
